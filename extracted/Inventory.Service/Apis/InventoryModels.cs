namespace Inventory.Service.Apis;

internal sealed record StockResponse(Guid ProductId, int OnHand, int Reserved, int Available, DateTime UpdatedAt, int Version);

internal sealed record StockFilter(int? MaxAvailable);

internal sealed record RecountRequest(int OnHand, int Version);

internal sealed record ReservationResponse(
    Guid Id, Guid OrderId, Guid ProductId, int Quantity, string Status, DateTime CreatedAt, DateTime? ReleasedAt);

internal sealed record ReservationFilter(Guid? OrderId, Guid? ProductId, string? Status);
