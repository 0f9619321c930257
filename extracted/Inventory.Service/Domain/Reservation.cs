namespace Inventory.Service.Domain;

internal sealed class Reservation(Guid id, Guid orderId, Guid productId, int quantity, DateTime createdAt)
{
    public Guid Id { get; private set; } = id;

    public Guid OrderId { get; private set; } = orderId;

    public Guid ProductId { get; private set; } = productId;

    public int Quantity { get; private set; } = quantity;

    public ReservationStatus Status { get; private set; } = ReservationStatus.Active;

    public DateTime CreatedAt { get; private set; } = createdAt;

    public DateTime? ReleasedAt { get; private set; }

    public void Release(DateTime now)
    {
        Status = ReservationStatus.Released;
        ReleasedAt = now;
    }
}

internal enum ReservationStatus
{
    Active,
    Released,
}
