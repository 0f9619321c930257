using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Catalog.Persistence;

internal sealed class CatalogDesignTimeFactory()
    : ModuleDesignTimeFactory<CatalogDbContext>(CatalogDbContext.SchemaName, options => new(options));
