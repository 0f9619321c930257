using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Ordering.Persistence;

internal sealed class OrderingDesignTimeFactory()
    : SqlServerDesignTimeFactory<OrderingDbContext>(OrderingDbContext.SchemaName, options => new(options));
