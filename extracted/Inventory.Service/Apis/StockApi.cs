using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Apis;
using Inventory.Service.Domain;
using Inventory.Service.Persistence;

namespace Inventory.Service.Apis;

internal static class StockApi
{
    public static RouteGroupBuilder MapStockApi(this RouteGroupBuilder inventory)
    {
        var stock = inventory.MapGroup("/stock").WithTags("Inventory");
        stock.MapGet("/", ListStock);
        stock.MapGet("/{productId:guid}", GetStock);
        stock.MapPut("/{productId:guid}", Recount);
        return inventory;
    }

    public static async Task<Results<Ok<PagedList<StockResponse>>, ValidationProblem>> ListStock(
        [AsParameters] PageQuery paging, [AsParameters] StockFilter filter, InventoryDbContext db, CancellationToken cancellationToken)
    {
        var validator = paging.Validate(new RequestValidator())
            .Check(filter.MaxAvailable is null or >= 0, "maxAvailable", "'maxAvailable' must not be negative.");
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var stock = db.StockItems.AsNoTracking();
        if (filter.MaxAvailable is { } maxAvailable)
        {
            stock = stock.Where(s => s.OnHand - s.Reserved <= maxAvailable);
        }

        return TypedResults.Ok(await stock
            .OrderBy(s => s.ProductId)
            .Select(s => new StockResponse(s.ProductId, s.OnHand, s.Reserved, s.OnHand - s.Reserved, s.UpdatedAt, s.Version))
            .ToPagedListAsync(paging, cancellationToken));
    }

    public static async Task<Results<Ok<StockResponse>, NotFound>> GetStock(
        Guid productId, InventoryDbContext db, CancellationToken cancellationToken)
    {
        var item = await db.StockItems.AsNoTracking().FirstOrDefaultAsync(s => s.ProductId == productId, cancellationToken);
        return item is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(item));
    }

    public static async Task<Results<Ok<StockResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Recount(
        Guid productId, RecountRequest request, InventoryDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator()
            .Range("onHand", request.OnHand, 0, StockItem.MaxQuantity)
            .Range("version", request.Version, 0, int.MaxValue);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var item = await db.StockItems.FirstOrDefaultAsync(s => s.ProductId == productId, cancellationToken);
        if (item is null)
        {
            return TypedResults.NotFound();
        }

        if (Concurrency.CheckVersion(db.Entry(item), request.Version) is { } conflict)
        {
            return conflict;
        }

        if (request.OnHand < item.Reserved)
        {
            return validator.Add("onHand", $"'onHand' cannot be below the {item.Reserved} units reserved by orders.").ToProblem();
        }

        item.Recount(request.OnHand, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(item));
    }

    private static StockResponse ToResponse(StockItem s) => new(s.ProductId, s.OnHand, s.Reserved, s.Available, s.UpdatedAt, s.Version);
}
