using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Catalog.Persistence;

internal sealed class CatalogDesignTimeFactory()
    : SqlServerDesignTimeFactory<CatalogDbContext>(CatalogDbContext.SchemaName, options => new(options));
