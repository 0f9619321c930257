namespace Shop.Modules.Ordering.Apis;

internal sealed record OrderListItem(
    Guid Id, Guid CustomerId, string? CustomerName, string Status, decimal Total, string Currency, DateTime PlacedAt, int LineCount);

internal sealed record OrderResponse(
    Guid Id, Guid CustomerId, string Status, DateTime PlacedAt, DateTime? CancelledAt, string? CancelReason,
    decimal Subtotal, decimal Tax, decimal Total, string Currency, int Version, IReadOnlyList<OrderLineResponse> Lines);

internal sealed record OrderLineResponse(Guid ProductId, string Sku, string ProductName, decimal UnitPrice, int Quantity, decimal LineTotal);

internal sealed record OrderFilter(Guid? CustomerId, string? Status);

internal sealed record PlaceOrderRequest(Guid CustomerId, IReadOnlyList<PlaceOrderLine>? Lines);

internal sealed record PlaceOrderLine(Guid ProductId, int Quantity);

internal sealed record CancelOrderRequest(string? Reason, int Version);
