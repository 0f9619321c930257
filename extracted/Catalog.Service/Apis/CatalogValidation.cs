using Shop.BuildingBlocks.Apis;
using Catalog.Service.Domain;

namespace Catalog.Service.Apis;

/// <summary>The catalog's rules for prices and currencies, shared by every endpoint that takes one.</summary>
internal static class CatalogValidation
{
    public const decimal MinPrice = 0.01m;
    public const decimal MaxPrice = 1_000_000m;

    public static RequestValidator Price(this RequestValidator validator, string field, decimal price) => validator
        .Range(field, price, MinPrice, MaxPrice)
        .Check(decimal.Round(price, 2) == price, field, $"'{field}' must have at most two decimals.");

    public static RequestValidator Currency(this RequestValidator validator, string field, string? currency) => validator
        .Check(currency is { Length: 3 } && currency.All(char.IsAsciiLetterUpper), field, $"'{field}' must be an ISO 4217 code such as EUR.");

    public static RequestValidator Filter(this RequestValidator validator, ProductFilter filter) => validator
        .Optional("search", filter.Search, Product.NameMaxLength)
        .Check(filter.MinPrice is null or >= 0, "minPrice", "'minPrice' must not be negative.")
        .Check(filter.MaxPrice is null or >= 0, "maxPrice", "'maxPrice' must not be negative.")
        .Check(filter.MinPrice is null || filter.MaxPrice is null || filter.MinPrice <= filter.MaxPrice,
            "maxPrice", "'maxPrice' must not be below 'minPrice'.");
}
