namespace Shop.Modules.Inventory.Contracts;

public sealed record ReservationLine(Guid ProductId, int Quantity);
