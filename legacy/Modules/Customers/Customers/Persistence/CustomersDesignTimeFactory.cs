using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Customers.Persistence;

internal sealed class CustomersDesignTimeFactory()
    : SqlServerDesignTimeFactory<CustomersDbContext>(CustomersDbContext.SchemaName, options => new(options));
