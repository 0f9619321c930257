namespace Shop.Modules.Catalog.Contracts;

/// <summary>A product's current price, and the VAT rate that applies to it (a fraction: 0.20 is 20%).</summary>
public sealed record ProductPrice(Guid ProductId, string Sku, string Name, decimal UnitPrice, string Currency, bool IsActive, decimal VatRate);
