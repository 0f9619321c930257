namespace Shop.Modules.Inventory.Contracts;

/// <summary>Stock reservations for orders. Both calls are idempotent per order.</summary>
public interface IInventoryFacade
{
    /// <summary>Reserves every line or nothing. Asking again for the same order returns the first answer.</summary>
    Task<ReservationResult> ReserveAsync(Guid orderId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken);

    /// <summary>Releases what the order holds; releasing twice releases once.</summary>
    Task ReleaseAsync(Guid orderId, CancellationToken cancellationToken);
}
