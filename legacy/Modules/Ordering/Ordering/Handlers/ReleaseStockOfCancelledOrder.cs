using Shop.BuildingBlocks.Events;
using Shop.Modules.Inventory.Contracts;
using Shop.Modules.Ordering.Contracts;

namespace Shop.Modules.Ordering.Handlers;

/// <summary>
/// A cancelled order gives its reserved stock back. Ordering asks Inventory (it already depends on
/// Inventory's contracts to reserve), so Inventory needs to know nothing of Ordering: no cycle between
/// them. Reacting to its own event keeps it reliable: the outbox retries until the release, which is
/// idempotent per order, succeeds wherever the inventory runs.
/// </summary>
internal sealed class ReleaseStockOfCancelledOrder(IInventoryFacade inventory) : IIntegrationEventHandler<OrderCancelled>
{
    public Task HandleAsync(IntegrationEventContext context, OrderCancelled integrationEvent, CancellationToken cancellationToken) =>
        inventory.ReleaseAsync(integrationEvent.OrderId, cancellationToken);
}
