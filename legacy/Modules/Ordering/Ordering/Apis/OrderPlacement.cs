using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Shop.BuildingBlocks.Apis;
using Shop.Modules.Catalog.Contracts;
using Shop.Modules.Customers.Contracts;
using Shop.Modules.Inventory.Contracts;
using Shop.Modules.Ordering.Contracts;
using Shop.Modules.Ordering.Domain;
using Shop.Modules.Ordering.Persistence;

namespace Shop.Modules.Ordering.Apis;

/// <summary>
/// Placing an order: the customer must exist, lines are priced by the catalog, stock is reserved by
/// inventory, and the order is stored together with its OrderPlaced event in one transaction.
/// </summary>
internal sealed class OrderPlacement(
    OrderingDbContext db,
    ICustomersFacade customers,
    ICatalogFacade catalog,
    IInventoryFacade inventory,
    TimeProvider time)
{
    public async Task<Results<CreatedAtRoute<OrderResponse>, ValidationProblem, ProblemHttpResult>> PlaceAsync(
        PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        var lines = request.Lines ?? [];
        var validator = Validate(request.CustomerId, lines);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        if (await customers.GetCustomerAsync(request.CustomerId, cancellationToken) is null)
        {
            return validator.Add("customerId", $"Customer '{request.CustomerId}' does not exist.").ToProblem();
        }

        var prices = (await catalog.GetProductPricesAsync(lines.Select(l => l.ProductId).ToList(), cancellationToken))
            .ToDictionary(p => p.ProductId);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!prices.TryGetValue(lines[i].ProductId, out var price))
            {
                validator.Add($"lines[{i}].productId", $"Product '{lines[i].ProductId}' does not exist.");
            }
            else if (!price.IsActive)
            {
                validator.Add($"lines[{i}].productId", $"Product '{price.Sku}' is not for sale.");
            }
        }

        var currencies = prices.Values.Select(p => p.Currency).Distinct().ToList();
        validator.Check(currencies.Count <= 1, "lines", "All products of an order must be priced in one currency.");
        validator.Check(prices.Values.Select(p => p.VatRate).Distinct().Count() <= 1, "lines", "All products of an order must carry one VAT rate.");
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var orderId = Guid.CreateVersion7(now);
        var reservation = await inventory.ReserveAsync(
            orderId, lines.Select(l => new ReservationLine(l.ProductId, l.Quantity)).ToList(), cancellationToken);
        if (!reservation.Succeeded)
        {
            return OutOfStock(reservation.Shortages, prices);
        }

        try
        {
            var order = Order.Place(
                orderId, request.CustomerId, currencies[0],
                lines.Select(l => (l.ProductId, prices[l.ProductId].Sku, prices[l.ProductId].Name, prices[l.ProductId].UnitPrice, l.Quantity)),
                prices[lines[0].ProductId].VatRate, now);
            db.Orders.Add(order);
            db.Publish(new OrderPlaced(
                order.Id, order.CustomerId,
                order.Lines.Select(l => new OrderPlacedLine(l.ProductId, l.Quantity, l.UnitPrice)).ToList(),
                order.Total, order.Currency, order.PlacedAt), time);
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.CreatedAtRoute(OrdersApi.ToResponse(order), "GetOrder", new { id = order.Id });
        }
        catch
        {
            // The order was not stored: give the stock back rather than leak the reservation.
            await inventory.ReleaseAsync(orderId, CancellationToken.None);
            throw;
        }
    }

    private static RequestValidator Validate(Guid customerId, IReadOnlyList<PlaceOrderLine> lines)
    {
        var validator = new RequestValidator()
            .Required("customerId", customerId)
            .Check(lines.Count is > 0 and <= Order.MaxLines, "lines", $"An order needs between 1 and {Order.MaxLines} lines.");
        var seen = new HashSet<Guid>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i] is null)
            {
                validator.Add($"lines[{i}]", "A line is required.");
                continue;
            }

            validator
                .Required($"lines[{i}].productId", lines[i].ProductId)
                .Range($"lines[{i}].quantity", lines[i].Quantity, 1, OrderLine.MaxQuantity)
                .Check(lines[i].ProductId == Guid.Empty || seen.Add(lines[i].ProductId), $"lines[{i}].productId",
                    "Each product may appear on one line only.");
        }

        return validator;
    }

    private static ProblemHttpResult OutOfStock(IReadOnlyList<StockShortage> shortages, Dictionary<Guid, ProductPrice> prices) =>
        TypedResults.Problem(
            detail: string.Join("; ", shortages.Select(s => $"{prices[s.ProductId].Sku}: {s.Requested} requested, {s.Available} available")),
            statusCode: StatusCodes.Status409Conflict,
            title: "Not enough stock.",
            extensions: new Dictionary<string, object?>
            {
                ["shortages"] = shortages.Select(s => new { s.ProductId, s.Requested, s.Available }).ToList(),
            });
}
