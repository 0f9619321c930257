using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Modules;
using Shop.Modules.Catalog.Contracts;
using Shop.Modules.Inventory.Domain;

namespace Shop.Modules.Inventory.Persistence;

/// <summary>Stock for every catalog product, asked of the catalog through its facade.</summary>
internal sealed class InventorySeeder(ICatalogFacade catalog) : IModuleSeeder<InventoryDbContext>
{
    private static readonly DateTime SeededAt = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task SeedAsync(InventoryDbContext db, CancellationToken cancellationToken)
    {
        if (await db.StockItems.AnyAsync(cancellationToken))
        {
            return;
        }

        var productIds = await catalog.ListProductIdsAsync(cancellationToken);
        for (var i = 0; i < productIds.Count; i++)
        {
            db.StockItems.Add(new StockItem(productIds[i], onHand: 20 + i * 37 % 180, SeededAt));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
