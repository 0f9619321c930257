using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Events;
using Shop.Modules.Customers.Domain;
using Shop.Modules.Customers.Persistence;
using Shop.Modules.Ordering.Contracts;

namespace Shop.Modules.Customers.Handlers;

/// <summary>Keeps each customer's order statistics from ordering's events.</summary>
internal sealed class OrderStatsHandlers(CustomersDbContext db, TimeProvider time)
    : IIntegrationEventHandler<OrderPlaced>, IIntegrationEventHandler<OrderCancelled>
{
    public Task HandleAsync(IntegrationEventContext context, OrderPlaced integrationEvent, CancellationToken cancellationToken) =>
        db.ProcessOnceAsync(context, "OrderStats.OrderPlaced",
            async ct => (await StatsOfAsync(integrationEvent.CustomerId, ct)).RecordPlaced(integrationEvent.PlacedAt),
            time, cancellationToken);

    public Task HandleAsync(IntegrationEventContext context, OrderCancelled integrationEvent, CancellationToken cancellationToken) =>
        db.ProcessOnceAsync(context, "OrderStats.OrderCancelled",
            async ct => (await StatsOfAsync(integrationEvent.CustomerId, ct)).RecordCancelled(),
            time, cancellationToken);

    private async Task<CustomerOrderStats> StatsOfAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var stats = await db.OrderStats.FirstOrDefaultAsync(s => s.CustomerId == customerId, cancellationToken);
        if (stats is null)
        {
            stats = new CustomerOrderStats(customerId);
            db.OrderStats.Add(stats);
        }

        return stats;
    }
}
