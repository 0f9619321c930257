using Shop.BuildingBlocks.Events;
using Shop.Modules.Inventory.Persistence;
using Shop.Modules.Ordering.Contracts;

namespace Shop.Modules.Inventory.Handlers;

/// <summary>A cancelled order gives its reserved stock back.</summary>
internal sealed class OrderCancelledHandler(InventoryDbContext db, TimeProvider time) : IIntegrationEventHandler<OrderCancelled>
{
    public Task HandleAsync(IntegrationEventContext context, OrderCancelled integrationEvent, CancellationToken cancellationToken) =>
        db.ProcessOnceAsync(
            context,
            nameof(OrderCancelledHandler),
            ct => InventoryFacade.StageReleaseAsync(db, integrationEvent.OrderId, time, ct),
            time,
            cancellationToken);
}
