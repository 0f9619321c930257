namespace Shop.Modules.Ordering.Contracts;

public sealed record OrderCancelled(Guid OrderId, Guid CustomerId, string? Reason, DateTime CancelledAt)
{
    public const string EventName = "ordering.order-cancelled.v1";
}
