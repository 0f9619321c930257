using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Shop.BuildingBlocks.Apis;
using Shop.Modules.Catalog.Contracts;

namespace Catalog.Service.Apis;

/// <summary>
/// The catalog facade over HTTP: what other modules ask of the catalog, as endpoints, so that once the
/// catalog is a service of its own the monolith asks the same questions over the network. They answer
/// from this side's own data, never through the switchable facade.
/// </summary>
internal static class FacadeApi
{
    public const int MaxIds = 200;

    public static RouteGroupBuilder MapFacadeApi(this RouteGroupBuilder catalog)
    {
        catalog.MapGet("/product-prices", GetProductPrices).WithTags("Catalog facade");
        catalog.MapGet("/product-ids", ListProductIds).WithTags("Catalog facade");
        return catalog;
    }

    public static async Task<Results<Ok<IReadOnlyList<ProductPrice>>, ValidationProblem>> GetProductPrices(
        string? ids, CatalogFacade facade, CancellationToken cancellationToken)
    {
        var parsed = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => Guid.TryParse(id, out var guid) ? guid : (Guid?)null).ToList();
        var validator = new RequestValidator();
        if (parsed.Count is 0 or > MaxIds || parsed.Any(id => id is null))
        {
            validator.Add("ids", $"Give 1 to {MaxIds} product ids, comma-separated.");
            return validator.ToProblem();
        }

        return TypedResults.Ok(await facade.GetProductPricesAsync([.. parsed.Select(id => id!.Value).Distinct()], cancellationToken));
    }

    public static async Task<Ok<IReadOnlyList<Guid>>> ListProductIds(CatalogFacade facade, CancellationToken cancellationToken) =>
        TypedResults.Ok(await facade.ListProductIdsAsync(cancellationToken));
}
