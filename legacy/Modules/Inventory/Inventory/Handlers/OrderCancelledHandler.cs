using Shop.BuildingBlocks.Events;
using Shop.BuildingBlocks.Modules;
using Shop.Modules.Inventory.Contracts;
using Shop.Modules.Inventory.Persistence;
using Shop.Modules.Ordering.Contracts;

namespace Shop.Modules.Inventory.Handlers;

/// <summary>
/// A cancelled order gives its reserved stock back: here, while the monolith owns the stock; through the
/// facade (the service, which releases once however often it is asked) once the inventory is extracted.
/// </summary>
internal sealed class OrderCancelledHandler(InventoryDbContext db, IModuleStages stages, IInventoryFacade inventory, TimeProvider time)
    : IIntegrationEventHandler<OrderCancelled>
{
    public Task HandleAsync(IntegrationEventContext context, OrderCancelled integrationEvent, CancellationToken cancellationToken) =>
        stages.IsServedByItsService(InventoryDbContext.SchemaName)
            ? inventory.ReleaseAsync(integrationEvent.OrderId, cancellationToken)
            : db.ProcessOnceAsync(
                context,
                nameof(OrderCancelledHandler),
                ct => InventoryFacade.StageReleaseAsync(db, integrationEvent.OrderId, time, ct),
                time,
                cancellationToken);
}
