namespace Shop.Modules.Inventory.Contracts;

/// <summary>The limits of a reservation, checked by every implementation of <see cref="IInventoryFacade"/>.</summary>
public static class ReservationRequest
{
    public const int MaxLines = 100;
    public const int MaxQuantity = 1_000_000;

    /// <summary>Throws ArgumentException, naming the argument, for a reservation no implementation takes.</summary>
    public static void Check(Guid orderId, IReadOnlyList<ReservationLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (orderId == Guid.Empty)
        {
            throw new ArgumentException("'orderId' is required.", nameof(orderId));
        }

        if (lines.Count is 0 or > MaxLines)
        {
            throw new ArgumentException($"Give 1 to {MaxLines} lines.", nameof(lines));
        }

        if (!lines.All(l => l is not null && l.ProductId != Guid.Empty && l.Quantity is > 0 and <= MaxQuantity))
        {
            throw new ArgumentException($"Every line needs a productId and a quantity from 1 to {MaxQuantity}.", nameof(lines));
        }
    }
}
