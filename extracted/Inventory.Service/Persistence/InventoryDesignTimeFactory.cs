using Shop.BuildingBlocks.Persistence;

namespace Inventory.Service.Persistence;

internal sealed class InventoryDesignTimeFactory()
    : SqlServerDesignTimeFactory<InventoryDbContext>(InventoryDbContext.SchemaName, options => new(options));
