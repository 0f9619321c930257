using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Inventory.Persistence;

internal sealed class InventoryDesignTimeFactory()
    : SqlServerDesignTimeFactory<InventoryDbContext>(InventoryDbContext.SchemaName, options => new(options));
