using Shop.BuildingBlocks.Events;
using Shop.Modules.Inventory.Contracts;
using Shop.Modules.Ordering.Contracts;

namespace Shop.Modules.Inventory.Handlers;

/// <summary>
/// A cancelled order gives its reserved stock back, through the facade: wherever the stock is owned
/// (here, or the service) it is released once, however often the event arrives.
/// </summary>
internal sealed class OrderCancelledHandler(IInventoryFacade inventory) : IIntegrationEventHandler<OrderCancelled>
{
    public Task HandleAsync(IntegrationEventContext context, OrderCancelled integrationEvent, CancellationToken cancellationToken) =>
        inventory.ReleaseAsync(integrationEvent.OrderId, cancellationToken);
}
