using System.Net;
using System.Text.Json;
using Shop.Host.Tests.Infrastructure;

namespace Shop.Host.Tests.Ordering;

public abstract class OrderingApiTests(ShopHost host) : ShopApiTests(host)
{
    [Fact]
    public async Task PlaceOrder_Valid_PricesLinesFromTheCatalogAndAddsTax()
    {
        var product = await Client.GetJsonAsync($"/api/catalog/products/{SeedData.Product(11)}");
        var unitPrice = product.GetProperty("price").GetDecimal();

        using var response = await Client.PostJsonAsync("/api/ordering/orders",
            new { customerId = SeedData.Customer(11), lines = new[] { new { productId = SeedData.Product(11), quantity = 2 } } });

        var order = await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var subtotal = unitPrice * 2;
        Assert.Equal(subtotal, order.GetProperty("subtotal").GetDecimal());
        Assert.Equal(decimal.Round(subtotal * 0.20m, 2, MidpointRounding.AwayFromZero), order.GetProperty("tax").GetDecimal());
        Assert.Equal("Placed", order.GetText("status"));
        var line = Assert.Single(order.GetProperty("lines").EnumerateArray());
        Assert.Equal("SKU-0011", line.GetText("sku"));
    }

    [Fact]
    public async Task PlaceOrder_UnknownCustomer_Returns400NamingCustomerId()
    {
        using var response = await Client.PostJsonAsync("/api/ordering/orders",
            new { customerId = Guid.NewGuid(), lines = new[] { new { productId = SeedData.Product(1), quantity = 1 } } });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "customerId");
    }

    [Fact]
    public async Task PlaceOrder_UnknownProduct_Returns400NamingTheLine()
    {
        using var response = await Client.PostJsonAsync("/api/ordering/orders", new
        {
            customerId = SeedData.Customer(1),
            lines = new[] { new { productId = SeedData.Product(1), quantity = 1 }, new { productId = Guid.NewGuid(), quantity = 1 } },
        });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "lines[1].productId");
    }

    [Fact]
    public async Task PlaceOrder_InactiveProduct_Returns400()
    {
        var product = await CreateProductAsync();
        var id = product.GetGuid("id");
        using var deactivate = await Client.PutJsonAsync($"/api/catalog/products/{id}",
            new { name = product.GetText("name"), categoryId = product.GetGuid("categoryId"), isActive = false, version = 0 });
        await deactivate.ShouldHaveStatusAsync(HttpStatusCode.OK);

        using var response = await Client.PostJsonAsync("/api/ordering/orders",
            new { customerId = SeedData.Customer(1), lines = new[] { new { productId = id, quantity = 1 } } });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "lines[0].productId");
    }

    [Fact]
    public async Task PlaceOrder_MoreThanInStock_Returns409AndReservesNothing()
    {
        var scarce = SeedData.Product(12);
        var plenty = SeedData.Product(13);
        var scarceBefore = await Client.GetJsonAsync($"/api/inventory/stock/{scarce}");
        var plentyBefore = await Client.GetJsonAsync($"/api/inventory/stock/{plenty}");

        using var response = await Client.PostJsonAsync("/api/ordering/orders", new
        {
            customerId = SeedData.Customer(12),
            lines = new[]
            {
                new { productId = plenty, quantity = 1 },
                new { productId = scarce, quantity = scarceBefore.GetInt("available") + 1 },
            },
        });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(scarce, Assert.Single(problem.GetProperty("shortages").EnumerateArray()).GetGuid("productId"));
        var plentyAfter = await Client.GetJsonAsync($"/api/inventory/stock/{plenty}");
        Assert.Equal(plentyBefore.GetInt("reserved"), plentyAfter.GetInt("reserved"));
        Assert.Equal(plentyBefore.GetInt("version"), plentyAfter.GetInt("version"));
    }

    [Fact]
    public async Task PlaceOrder_ConcurrentOrdersForScarceStock_NeverOversell()
    {
        var productId = await CreateStockedProductAsync(onHand: 5);

        var attempts = Enumerable.Range(1, 12).Select(async i =>
        {
            using var response = await Client.PostJsonAsync("/api/ordering/orders",
                new { customerId = SeedData.Customer(i), lines = new[] { new { productId, quantity = 1 } } });
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(attempts);

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
        var stock = await Client.GetJsonAsync($"/api/inventory/stock/{productId}");
        Assert.Equal(5, stock.GetInt("reserved"));
        Assert.Equal(0, stock.GetInt("available"));
    }

    [Fact]
    public async Task CancelOrder_Twice_SecondCancelReturns409()
    {
        var order = await PlaceAsync(SeedData.Customer(14), SeedData.Product(14));
        using var first = await Client.PostJsonAsync($"/api/ordering/orders/{order.GetGuid("id")}/cancel", new { reason = "changed my mind", version = 0 });
        var cancelled = await first.ShouldHaveStatusAsync(HttpStatusCode.OK);

        using var second = await Client.PostJsonAsync($"/api/ordering/orders/{order.GetGuid("id")}/cancel",
            new { reason = "again", version = cancelled.GetInt("version") });

        Assert.Equal("Cancelled", cancelled.GetText("status"));
        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CancelOrder_StaleVersion_Returns409()
    {
        var order = await PlaceAsync(SeedData.Customer(15), SeedData.Product(15));

        using var response = await Client.PostJsonAsync($"/api/ordering/orders/{order.GetGuid("id")}/cancel", new { version = 5 });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CancelOrder_UnknownOrder_Returns404()
    {
        using var response = await Client.PostJsonAsync($"/api/ordering/orders/{Guid.NewGuid()}/cancel", new { version = 0 });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListOrders_ByCustomerAndStatus_ReturnsOnlyThoseOrdersWithCustomerNames()
    {
        var customer = await RegisterCustomerAsync("Order", "Taker");
        var kept = await PlaceAsync(customer, SeedData.Product(16));
        var cancelled = await PlaceAsync(customer, SeedData.Product(17));
        using var cancel = await Client.PostJsonAsync($"/api/ordering/orders/{cancelled.GetGuid("id")}/cancel", new { version = 0 });
        await cancel.ShouldHaveStatusAsync(HttpStatusCode.OK);

        var all = await Client.GetJsonAsync($"/api/ordering/orders?customerId={customer}");
        var placed = await Client.GetJsonAsync($"/api/ordering/orders?customerId={customer}&status=placed");

        Assert.Equal(2, all.GetInt("totalCount"));
        var only = Assert.Single(placed.GetProperty("items").EnumerateArray());
        Assert.Equal(kept.GetGuid("id"), only.GetGuid("id"));
        Assert.Equal("Order Taker", only.GetText("customerName"));
    }

    private async Task<JsonElement> PlaceAsync(Guid customerId, Guid productId)
    {
        using var response = await Client.PostJsonAsync("/api/ordering/orders",
            new { customerId, lines = new[] { new { productId, quantity = 1 } } });
        return await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }
}

public sealed class OrderingApiTestsOnSqlite(SqliteShopHost host) : OrderingApiTests(host), IClassFixture<SqliteShopHost>;

public sealed class OrderingApiTestsOnPostgreSql(PostgreSqlShopHost host) : OrderingApiTests(host), IClassFixture<PostgreSqlShopHost>;
