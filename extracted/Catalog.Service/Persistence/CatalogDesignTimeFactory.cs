using Shop.BuildingBlocks.Persistence;

namespace Catalog.Service.Persistence;

internal sealed class CatalogDesignTimeFactory()
    : ModuleDesignTimeFactory<CatalogDbContext>(CatalogDbContext.SchemaName, options => new(options));
