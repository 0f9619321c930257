namespace Shop.Modules.Ordering.Contracts;

public sealed record OrderPlaced(
    Guid OrderId, Guid CustomerId, IReadOnlyList<OrderPlacedLine> Lines, decimal Total, string Currency, DateTime PlacedAt)
{
    public const string EventName = "ordering.order-placed.v1";
}

public sealed record OrderPlacedLine(Guid ProductId, int Quantity, decimal UnitPrice);
