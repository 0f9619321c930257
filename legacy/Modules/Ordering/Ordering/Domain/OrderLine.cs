namespace Shop.Modules.Ordering.Domain;

/// <summary>A line keeps the product's name and price as they were when the order was placed.</summary>
internal sealed class OrderLine(Guid id, Guid orderId, Guid productId, string sku, string productName, decimal unitPrice, int quantity)
{
    public const int MaxQuantity = 1000;

    public Guid Id { get; private set; } = id;

    public Guid OrderId { get; private set; } = orderId;

    public Guid ProductId { get; private set; } = productId;

    public string Sku { get; private set; } = sku;

    public string ProductName { get; private set; } = productName;

    public decimal UnitPrice { get; private set; } = unitPrice;

    public int Quantity { get; private set; } = quantity;

    public decimal LineTotal { get; private set; } = unitPrice * quantity;
}
