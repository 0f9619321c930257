using Shop.BuildingBlocks.Persistence;

namespace Catalog.Service.Persistence;

internal sealed class CatalogDesignTimeFactory()
    : SqlServerDesignTimeFactory<CatalogDbContext>(CatalogDbContext.SchemaName, options => new(options));
