namespace Shop.Modules.Catalog.Contracts;

public sealed record ProductCreated(Guid ProductId, string Sku, string Name, decimal Price, string Currency)
{
    public const string EventName = "catalog.product-created.v1";
}
