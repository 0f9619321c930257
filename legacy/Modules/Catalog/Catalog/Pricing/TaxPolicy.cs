namespace Shop.Modules.Catalog.Pricing;

/// <summary>
/// VAT rules. Known debt: public only because Ordering calls it directly instead of asking the
/// catalog facade (docs/known-debt.md); it will have to move behind the contract before extraction.
/// </summary>
public static class TaxPolicy
{
    public static decimal VatRate(string currency) => currency switch
    {
        "EUR" => 0.20m,
        "GBP" => 0.20m,
        "CHF" => 0.081m,
        _ => 0m,
    };

    public static decimal TaxFor(decimal net, string currency) =>
        decimal.Round(net * VatRate(currency), 2, MidpointRounding.AwayFromZero);
}
