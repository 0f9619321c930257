namespace Shop.Modules.Catalog.Contracts;

public sealed record ProductPriceChanged(Guid ProductId, decimal OldPrice, decimal NewPrice, string Currency, DateTime ChangedAt)
{
    public const string EventName = "catalog.product-price-changed.v1";
}
