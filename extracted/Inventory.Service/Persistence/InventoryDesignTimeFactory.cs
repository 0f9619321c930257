using Shop.BuildingBlocks.Persistence;

namespace Inventory.Service.Persistence;

internal sealed class InventoryDesignTimeFactory()
    : ModuleDesignTimeFactory<InventoryDbContext>(InventoryDbContext.SchemaName, options => new(options));
