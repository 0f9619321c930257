using Microsoft.EntityFrameworkCore;
using Shop.Modules.Ordering.Contracts;
using Shop.Modules.Ordering.Persistence;

namespace Shop.Modules.Ordering;

internal sealed class OrderingFacade(OrderingDbContext db) : IOrderingFacade
{
    public async Task<OrderSummary?> GetOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking()
            .Where(o => o.Id == orderId)
            .Select(o => new OrderSummary(o.Id, o.CustomerId, o.Status.ToString(), o.Total, o.Currency, o.PlacedAt))
            .FirstOrDefaultAsync(cancellationToken);
}
