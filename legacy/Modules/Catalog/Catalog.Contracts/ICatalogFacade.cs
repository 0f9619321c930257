namespace Shop.Modules.Catalog.Contracts;

/// <summary>What other modules may ask of the catalog, in process today and over HTTP once extracted.</summary>
public interface ICatalogFacade
{
    /// <summary>Current prices of the given products; unknown ids are left out of the answer.</summary>
    Task<IReadOnlyList<ProductPrice>> GetProductPricesAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken);

    /// <summary>Ids of all products, active or not, in a stable order.</summary>
    Task<IReadOnlyList<Guid>> ListProductIdsAsync(CancellationToken cancellationToken);
}
