using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Ordering.Domain;

internal sealed class Order : IVersioned
{
    public const int MaxLines = 50;
    public const int ReasonMaxLength = 500;

    private readonly List<OrderLine> _lines = [];

    private Order()
    {
    }

    public Guid Id { get; private set; }

    public Guid CustomerId { get; private set; }

    public OrderStatus Status { get; private set; }

    public DateTime PlacedAt { get; private set; }

    public DateTime? CancelledAt { get; private set; }

    public string? CancelReason { get; private set; }

    public decimal Subtotal { get; private set; }

    public decimal Tax { get; private set; }

    public decimal Total { get; private set; }

    public string Currency { get; private set; } = "";

    public int Version { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    /// <summary>A placed order: priced lines, and tax at <paramref name="vatRate"/> on the subtotal, to the cent.</summary>
    public static Order Place(
        Guid id, Guid customerId, string currency, IEnumerable<(Guid ProductId, string Sku, string Name, decimal UnitPrice, int Quantity)> lines,
        decimal vatRate, DateTime now)
    {
        var order = new Order { Id = id, CustomerId = customerId, Status = OrderStatus.Placed, PlacedAt = now, Currency = currency };
        foreach (var line in lines)
        {
            order._lines.Add(new OrderLine(Guid.CreateVersion7(now), id, line.ProductId, line.Sku, line.Name, line.UnitPrice, line.Quantity));
        }

        order.Subtotal = order._lines.Sum(l => l.LineTotal);
        order.Tax = decimal.Round(order.Subtotal * vatRate, 2, MidpointRounding.AwayFromZero);
        order.Total = order.Subtotal + order.Tax;
        return order;
    }

    public void Cancel(string? reason, DateTime now)
    {
        if (Status == OrderStatus.Cancelled)
        {
            throw new InvalidOperationException($"Order {Id} is already cancelled.");
        }

        Status = OrderStatus.Cancelled;
        CancelledAt = now;
        CancelReason = reason;
    }
}
