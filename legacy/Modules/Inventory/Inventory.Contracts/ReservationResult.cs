namespace Shop.Modules.Inventory.Contracts;

public sealed record ReservationResult(bool Succeeded, IReadOnlyList<StockShortage> Shortages)
{
    public static ReservationResult Success { get; } = new(true, []);
}

public sealed record StockShortage(Guid ProductId, int Requested, int Available);
