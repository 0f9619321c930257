using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Events;
using Shop.Modules.Catalog.Contracts;
using Inventory.Service.Domain;
using Inventory.Service.Persistence;

namespace Inventory.Service.Handlers;

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
