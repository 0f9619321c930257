using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Inventory.Persistence;

internal sealed class InventoryDesignTimeFactory()
    : ModuleDesignTimeFactory<InventoryDbContext>(InventoryDbContext.SchemaName, options => new(options));
