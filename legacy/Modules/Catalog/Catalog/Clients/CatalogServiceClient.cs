using System.Net.Http.Json;
using Shop.Modules.Catalog.Apis;
using Shop.Modules.Catalog.Contracts;

namespace Shop.Modules.Catalog.Clients;

/// <summary>
/// The catalog facade answered by catalog-service over HTTP, once the plan has extracted the catalog.
/// The address is the service's name, resolved by service discovery; retries, timeouts and the circuit
/// breaker come from the estate's HttpClient defaults.
/// </summary>
internal sealed class CatalogServiceClient(HttpClient http) : ICatalogFacade
{
    public const string ServiceName = "catalog-service";

    public async Task<IReadOnlyList<ProductPrice>> GetProductPricesAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        var prices = new List<ProductPrice>();
        foreach (var chunk in productIds.Distinct().Chunk(FacadeApi.MaxIds))
        {
            prices.AddRange(await http.GetFromJsonAsync<List<ProductPrice>>($"/api/catalog/product-prices?ids={string.Join(',', chunk)}", cancellationToken) ?? []);
        }

        return [.. prices.OrderBy(p => p.Sku, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<Guid>> ListProductIdsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<Guid>>("/api/catalog/product-ids", cancellationToken) ?? [];
}
