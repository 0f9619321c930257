using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Shop.BuildingBlocks.Apis;
using Shop.Modules.Inventory.Contracts;
using Inventory.Service.Domain;

namespace Inventory.Service.Apis;

/// <summary>
/// The inventory facade over HTTP: the reservations other modules make, as endpoints, so that once the
/// inventory is a service of its own the monolith makes them over the network. They act on this side's
/// own data, never through the switchable facade.
/// </summary>
internal static class FacadeApi
{
    public const int MaxLines = 100;

    public static RouteGroupBuilder MapFacadeApi(this RouteGroupBuilder inventory)
    {
        var reservations = inventory.MapGroup("/reservations").WithTags("Inventory facade");
        reservations.MapPost("/", Reserve);
        reservations.MapPost("/{orderId:guid}/release", Release);
        return inventory;
    }

    public static async Task<Results<Ok<ReservationResult>, ValidationProblem>> Reserve(
        ReserveRequest request, Inventory.Service.InventoryFacade facade, CancellationToken cancellationToken)
    {
        var lines = request.Lines ?? [];
        var validator = new RequestValidator()
            .Required("orderId", request.OrderId ?? Guid.Empty)
            .Check(lines.Count is > 0 and <= MaxLines, "lines", $"Give 1 to {MaxLines} lines.")
            .Check(lines.All(l => l is not null && l.ProductId != Guid.Empty && l.Quantity is > 0 and <= StockItem.MaxQuantity), "lines",
                $"Every line needs a productId and a quantity from 1 to {StockItem.MaxQuantity}.");
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        return TypedResults.Ok(await facade.ReserveAsync(request.OrderId!.Value, lines, cancellationToken));
    }

    public static async Task<NoContent> Release(Guid orderId, Inventory.Service.InventoryFacade facade, CancellationToken cancellationToken)
    {
        await facade.ReleaseAsync(orderId, cancellationToken);
        return TypedResults.NoContent();
    }
}

internal sealed record ReserveRequest(Guid? OrderId, IReadOnlyList<ReservationLine>? Lines);
