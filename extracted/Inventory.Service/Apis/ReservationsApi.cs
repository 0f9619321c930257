using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Apis;
using Inventory.Service.Domain;
using Inventory.Service.Persistence;

namespace Inventory.Service.Apis;

internal static class ReservationsApi
{
    public static RouteGroupBuilder MapReservationsApi(this RouteGroupBuilder inventory)
    {
        inventory.MapGroup("/reservations").WithTags("Inventory").MapGet("/", ListReservations);
        return inventory;
    }

    public static async Task<Results<Ok<PagedList<ReservationResponse>>, ValidationProblem>> ListReservations(
        [AsParameters] PageQuery paging, [AsParameters] ReservationFilter filter, InventoryDbContext db, CancellationToken cancellationToken)
    {
        var status = default(ReservationStatus);
        var validator = paging.Validate(new RequestValidator())
            .Check(filter.Status is null || Enum.TryParse(filter.Status, ignoreCase: true, out status), "status",
                $"'status' must be one of: {string.Join(", ", Enum.GetNames<ReservationStatus>())}.");
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var reservations = db.Reservations.AsNoTracking();
        if (filter.OrderId is { } orderId)
        {
            reservations = reservations.Where(r => r.OrderId == orderId);
        }

        if (filter.ProductId is { } productId)
        {
            reservations = reservations.Where(r => r.ProductId == productId);
        }

        if (filter.Status is not null)
        {
            reservations = reservations.Where(r => r.Status == status);
        }

        return TypedResults.Ok(await reservations
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => new ReservationResponse(r.Id, r.OrderId, r.ProductId, r.Quantity, r.Status.ToString(), r.CreatedAt, r.ReleasedAt))
            .ToPagedListAsync(paging, cancellationToken));
    }
}
