namespace Catalog.Service.Domain;

/// <summary>One entry of a product's price history.</summary>
internal sealed class PriceChange(Guid id, Guid productId, decimal oldPrice, decimal newPrice, DateTime changedAt)
{
    public Guid Id { get; private set; } = id;

    public Guid ProductId { get; private set; } = productId;

    public decimal OldPrice { get; private set; } = oldPrice;

    public decimal NewPrice { get; private set; } = newPrice;

    public DateTime ChangedAt { get; private set; } = changedAt;
}
