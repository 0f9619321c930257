using Shop.BuildingBlocks.Events;
using Shop.Modules.Ordering.Contracts;

namespace Inventory.Service.Handlers;

/// <summary>A cancelled order (an event of the monolith's, relayed here) gives its reserved stock back, once.</summary>
internal sealed class OrderCancelledHandler(InventoryFacade inventory) : IIntegrationEventHandler<OrderCancelled>
{
    public Task HandleAsync(IntegrationEventContext context, OrderCancelled integrationEvent, CancellationToken cancellationToken) =>
        inventory.ReleaseAsync(integrationEvent.OrderId, cancellationToken);
}
