namespace Shop.Modules.Ordering.Contracts;

public interface IOrderingFacade
{
    /// <summary>The order's headline facts, or null when there is no such order.</summary>
    Task<OrderSummary?> GetOrderAsync(Guid orderId, CancellationToken cancellationToken);
}
