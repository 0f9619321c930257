namespace Shop.Modules.Ordering.Contracts;

public sealed record OrderSummary(Guid OrderId, Guid CustomerId, string Status, decimal Total, string Currency, DateTime PlacedAt);
