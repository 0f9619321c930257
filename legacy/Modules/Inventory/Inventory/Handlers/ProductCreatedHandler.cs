using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Events;
using Shop.Modules.Catalog.Contracts;
using Shop.Modules.Inventory.Domain;
using Shop.Modules.Inventory.Persistence;

namespace Shop.Modules.Inventory.Handlers;

/// <summary>Every new product gets a stock row, empty until goods are counted in.</summary>
internal sealed class ProductCreatedHandler(InventoryDbContext db, TimeProvider time) : IIntegrationEventHandler<ProductCreated>
{
    public Task HandleAsync(IntegrationEventContext context, ProductCreated integrationEvent, CancellationToken cancellationToken) =>
        db.ProcessOnceAsync(
            context,
            nameof(ProductCreatedHandler),
            async ct =>
            {
                if (!await db.StockItems.AnyAsync(s => s.ProductId == integrationEvent.ProductId, ct))
                {
                    db.StockItems.Add(new StockItem(integrationEvent.ProductId, onHand: 0, time.GetUtcNow().UtcDateTime));
                }
            },
            time,
            cancellationToken);
}
