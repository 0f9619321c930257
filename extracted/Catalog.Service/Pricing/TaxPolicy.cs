namespace Catalog.Service.Pricing;

/// <summary>VAT rules: the catalog's knowledge, given to other modules as <c>ProductPrice.VatRate</c>.</summary>
internal static class TaxPolicy
{
    public static decimal VatRate(string currency) => currency switch
    {
        "EUR" => 0.20m,
        "GBP" => 0.20m,
        "CHF" => 0.081m,
        _ => 0m,
    };
}
