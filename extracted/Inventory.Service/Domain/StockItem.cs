using Shop.BuildingBlocks.Persistence;

namespace Inventory.Service.Domain;

/// <summary>Stock of one product: what is on hand, and how much of it orders hold.</summary>
internal sealed class StockItem : IVersioned
{
    public const int MaxQuantity = 1_000_000;

    private StockItem()
    {
    }

    public StockItem(Guid productId, int onHand, DateTime now)
    {
        ProductId = productId;
        OnHand = onHand;
        UpdatedAt = now;
    }

    public Guid ProductId { get; private set; }

    public int OnHand { get; private set; }

    public int Reserved { get; private set; }

    public int Available => OnHand - Reserved;

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>Sets the counted quantity; it may not drop below what orders hold.</summary>
    public void Recount(int onHand, DateTime now)
    {
        if (onHand < Reserved)
        {
            throw new InvalidOperationException($"{Reserved} are reserved; on-hand cannot drop to {onHand}.");
        }

        OnHand = onHand;
        UpdatedAt = now;
    }
}
