namespace Shop.Modules.Catalog.Contracts;

/// <summary>The limits of a price query, checked by every implementation of <see cref="ICatalogFacade"/>.</summary>
public static class ProductPriceQuery
{
    public const int MaxIds = 1000;

    /// <summary>Throws ArgumentException, naming the argument, for a query no implementation takes.</summary>
    public static void Check(IReadOnlyCollection<Guid> productIds)
    {
        ArgumentNullException.ThrowIfNull(productIds);
        if (productIds.Count > MaxIds)
        {
            throw new ArgumentException($"Ask for at most {MaxIds} product ids at a time.", nameof(productIds));
        }
    }
}
