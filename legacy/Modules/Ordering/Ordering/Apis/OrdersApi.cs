using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Apis;
using Shop.Modules.Ordering.Contracts;
using Shop.Modules.Ordering.Domain;
using Shop.Modules.Ordering.Persistence;

namespace Shop.Modules.Ordering.Apis;

internal static class OrdersApi
{
    public static RouteGroupBuilder MapOrdersApi(this RouteGroupBuilder ordering)
    {
        var orders = ordering.MapGroup("/orders").WithTags("Ordering");
        orders.MapGet("/", ListOrders);
        orders.MapGet("/{id:guid}", GetOrder).WithName("GetOrder");
        orders.MapPost("/", PlaceOrder);
        orders.MapPost("/{id:guid}/cancel", CancelOrder);
        return ordering;
    }

    public static async Task<Results<Ok<PagedList<OrderListItem>>, ValidationProblem>> ListOrders(
        [AsParameters] PageQuery paging, [AsParameters] OrderFilter filter, OrderingDbContext db, CancellationToken cancellationToken)
    {
        var status = default(OrderStatus);
        var validator = paging.Validate(new RequestValidator())
            .Check(filter.Status is null || Enum.TryParse(filter.Status, ignoreCase: true, out status), "status",
                $"'status' must be one of: {string.Join(", ", Enum.GetNames<OrderStatus>())}.");
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var orders = db.Orders.AsNoTracking();
        if (filter.CustomerId is { } customerId)
        {
            orders = orders.Where(o => o.CustomerId == customerId);
        }

        if (filter.Status is not null)
        {
            orders = orders.Where(o => o.Status == status);
        }

        // Known debt: names come straight from the customers module's table (docs/known-debt.md).
        var list =
            from o in orders
            join c in db.LegacyCustomers.AsNoTracking() on o.CustomerId equals c.Id into customers
            from c in customers.DefaultIfEmpty()
            orderby o.PlacedAt descending, o.Id
            select new OrderListItem(
                o.Id, o.CustomerId, c == null ? null : c.FirstName + " " + c.LastName, o.Status.ToString(), o.Total, o.Currency,
                o.PlacedAt, o.Lines.Count);
        return TypedResults.Ok(await list.ToPagedListAsync(paging, cancellationToken));
    }

    public static async Task<Results<Ok<OrderResponse>, NotFound>> GetOrder(
        Guid id, OrderingDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(order));
    }

    public static Task<Results<CreatedAtRoute<OrderResponse>, ValidationProblem, ProblemHttpResult>> PlaceOrder(
        PlaceOrderRequest request, OrderPlacement placement, CancellationToken cancellationToken) =>
        placement.PlaceAsync(request, cancellationToken);

    public static async Task<Results<Ok<OrderResponse>, NotFound, ValidationProblem, ProblemHttpResult>> CancelOrder(
        Guid id, CancelOrderRequest request, OrderingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator()
            .Optional("reason", request.Reason, Order.ReasonMaxLength)
            .Range("version", request.Version, 0, int.MaxValue);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null)
        {
            return TypedResults.NotFound();
        }

        if (Concurrency.CheckVersion(db.Entry(order), request.Version) is { } conflict)
        {
            return conflict;
        }

        if (order.Status == OrderStatus.Cancelled)
        {
            return TypedResults.Problem($"Order {id} is already cancelled.", statusCode: StatusCodes.Status409Conflict);
        }

        var now = time.GetUtcNow().UtcDateTime;
        order.Cancel(request.Reason, now);
        // Ordering releases the reservation when it handles this event (Handlers/ReleaseStockOfCancelledOrder.cs).
        db.Publish(new OrderCancelled(order.Id, order.CustomerId, order.CancelReason, now), time);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(order));
    }

    internal static OrderResponse ToResponse(Order o) => new(
        o.Id, o.CustomerId, o.Status.ToString(), o.PlacedAt, o.CancelledAt, o.CancelReason, o.Subtotal, o.Tax, o.Total, o.Currency,
        o.Version,
        o.Lines.OrderBy(l => l.Sku).Select(l => new OrderLineResponse(l.ProductId, l.Sku, l.ProductName, l.UnitPrice, l.Quantity, l.LineTotal)).ToList());
}
