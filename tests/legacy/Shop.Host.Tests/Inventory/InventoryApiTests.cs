using System.Net;
using Shop.Host.Tests.Infrastructure;

namespace Shop.Host.Tests.Inventory;

public abstract class InventoryApiTests(ShopHost host) : ShopApiTests(host)
{
    [Fact]
    public async Task ListStock_Seeded_HasARowForEveryProduct()
    {
        var page = await Client.GetJsonAsync("/api/inventory/stock?pageSize=1");

        Assert.True(page.GetInt("totalCount") >= SeedData.ProductCount);
        Assert.Equal(page.GetInt("totalCount"), page.GetInt("totalPages"));
    }

    [Fact]
    public async Task ListStock_MaxAvailable_ReturnsOnlyRowsAtOrBelowIt()
    {
        var page = await Client.GetJsonAsync("/api/inventory/stock?maxAvailable=30&pageSize=100");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, s => Assert.True(s.GetInt("available") <= 30));
    }

    [Fact]
    public async Task GetStock_SeededProduct_ReportsAvailableAsOnHandMinusReserved()
    {
        var stock = await Client.GetJsonAsync($"/api/inventory/stock/{SeedData.Product(7)}");

        Assert.Equal(stock.GetInt("onHand") - stock.GetInt("reserved"), stock.GetInt("available"));
    }

    [Fact]
    public async Task GetStock_UnknownProduct_Returns404()
    {
        using var response = await Client.GetAsync($"/api/inventory/stock/{Guid.NewGuid()}", TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Recount_CurrentVersion_SetsOnHandAndBumpsVersion()
    {
        var id = await CreateStockedProductAsync(onHand: 0);

        using var response = await Client.PutJsonAsync($"/api/inventory/stock/{id}", new { onHand = 25, version = 0 });

        var stock = await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(25, stock.GetInt("onHand"));
        Assert.Equal(1, stock.GetInt("version"));
    }

    [Fact]
    public async Task Recount_StaleVersion_Returns409AndChangesNothing()
    {
        var id = await CreateStockedProductAsync(onHand: 5);

        using var response = await Client.PutJsonAsync($"/api/inventory/stock/{id}", new { onHand = 99, version = 0 });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(5, (await Client.GetJsonAsync($"/api/inventory/stock/{id}")).GetInt("onHand"));
    }

    [Fact]
    public async Task Recount_BelowReserved_Returns400NamingOnHand()
    {
        var id = await CreateStockedProductAsync(onHand: 10);
        var customer = SeedData.Customer(1);
        using var order = await Client.PostJsonAsync("/api/ordering/orders",
            new { customerId = customer, lines = new[] { new { productId = id, quantity = 4 } } });
        await order.ShouldHaveStatusAsync(HttpStatusCode.Created);

        var current = await Client.GetJsonAsync($"/api/inventory/stock/{id}");
        using var response = await Client.PutJsonAsync($"/api/inventory/stock/{id}", new { onHand = 3, version = current.GetInt("version") });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "onHand");
    }

    [Fact]
    public async Task ListReservations_ByOrder_ShowsTheActiveReservation()
    {
        var id = await CreateStockedProductAsync(onHand: 10);
        using var placed = await Client.PostJsonAsync("/api/ordering/orders",
            new { customerId = SeedData.Customer(2), lines = new[] { new { productId = id, quantity = 3 } } });
        var orderId = (await placed.ShouldHaveStatusAsync(HttpStatusCode.Created)).GetGuid("id");

        var page = await Client.GetJsonAsync($"/api/inventory/reservations?orderId={orderId}&status=active");

        var reservation = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(id, reservation.GetGuid("productId"));
        Assert.Equal(3, reservation.GetInt("quantity"));
        Assert.Equal("Active", reservation.GetText("status"));
    }
}

public sealed class InventoryApiTestsOnSqlite(SqliteShopHost host) : InventoryApiTests(host), IClassFixture<SqliteShopHost>;

public sealed class InventoryApiTestsOnPostgreSql(PostgreSqlShopHost host) : InventoryApiTests(host), IClassFixture<PostgreSqlShopHost>;
