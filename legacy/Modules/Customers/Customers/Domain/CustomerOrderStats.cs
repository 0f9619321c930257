namespace Shop.Modules.Customers.Domain;

/// <summary>What the customer module learns from ordering events; kept apart from the customer row so
/// that event handling never races with a customer's own edits.</summary>
internal sealed class CustomerOrderStats(Guid customerId)
{
    public Guid CustomerId { get; private set; } = customerId;

    public int OrdersPlaced { get; private set; }

    public int OrdersCancelled { get; private set; }

    public DateTime? LastOrderAt { get; private set; }

    public void RecordPlaced(DateTime placedAt)
    {
        OrdersPlaced++;
        LastOrderAt = LastOrderAt is { } last && last > placedAt ? last : placedAt;
    }

    public void RecordCancelled() => OrdersCancelled++;
}
