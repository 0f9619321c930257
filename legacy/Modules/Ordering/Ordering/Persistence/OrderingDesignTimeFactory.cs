using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Ordering.Persistence;

internal sealed class OrderingDesignTimeFactory()
    : ModuleDesignTimeFactory<OrderingDbContext>(OrderingDbContext.SchemaName, options => new(options));
