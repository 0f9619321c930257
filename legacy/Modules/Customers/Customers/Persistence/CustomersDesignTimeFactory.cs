using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Customers.Persistence;

internal sealed class CustomersDesignTimeFactory()
    : ModuleDesignTimeFactory<CustomersDbContext>(CustomersDbContext.SchemaName, options => new(options));
