using System.Net;
using Shop.Host.Tests.Infrastructure;

namespace Shop.Host.Tests.EndToEnd;

/// <summary>
/// The whole order flow across the four modules through the public HTTP API: the customer is
/// checked, lines priced by the catalog, stock reserved by inventory, OrderPlaced reaches the
/// customers module through the outbox, and cancelling gives the stock back through OrderCancelled.
/// </summary>
public abstract class OrderFlowTests(ShopHost host) : ShopApiTests(host)
{
    [Fact]
    public async Task PlaceThenCancel_AcrossAllModules_ReservesReleasesAndInformsCustomers()
    {
        // A customer, and a product with ten counted in.
        var customerId = await RegisterCustomerAsync("Grace", "Hopper");
        var productId = await CreateStockedProductAsync(onHand: 10, price: 19.99m);

        // Place: priced by the catalog, reserved by inventory.
        using var placed = await Client.PostJsonAsync("/api/ordering/orders",
            new { customerId, lines = new[] { new { productId, quantity = 3 } } });
        var order = await placed.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var orderId = order.GetGuid("id");
        Assert.Equal(59.97m, order.GetProperty("subtotal").GetDecimal());
        Assert.Equal(71.96m, order.GetProperty("total").GetDecimal());
        var reserved = await Client.GetJsonAsync($"/api/inventory/stock/{productId}");
        Assert.Equal(3, reserved.GetInt("reserved"));
        Assert.Equal(7, reserved.GetInt("available"));

        // OrderPlaced reaches the customers module.
        var informed = await Eventually.MatchAsync(
            () => Client.GetJsonAsync($"/api/customers/{customerId}"),
            customer => customer.GetProperty("orders").GetInt("placed") == 1,
            "the customers module handled OrderPlaced");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, informed.GetProperty("orders").GetProperty("lastOrderAt").ValueKind);

        // Cancel: OrderCancelled releases the reservation and is counted by customers.
        using var cancelled = await Client.PostJsonAsync($"/api/ordering/orders/{orderId}/cancel",
            new { reason = "end-to-end test", version = order.GetInt("version") });
        await cancelled.ShouldHaveStatusAsync(HttpStatusCode.OK);

        var released = await Eventually.MatchAsync(
            () => Client.GetJsonAsync($"/api/inventory/stock/{productId}"),
            stock => stock.GetInt("reserved") == 0,
            "inventory released the reservation (OrderCancelled)");
        Assert.Equal(10, released.GetInt("available"));
        var reservation = Assert.Single((await Client.GetJsonAsync($"/api/inventory/reservations?orderId={orderId}"))
            .GetProperty("items").EnumerateArray());
        Assert.Equal("Released", reservation.GetText("status"));
        await Eventually.MatchAsync(
            () => Client.GetJsonAsync($"/api/customers/{customerId}"),
            customer => customer.GetProperty("orders").GetInt("cancelled") == 1,
            "the customers module handled OrderCancelled");
        Assert.Equal("Cancelled", (await Client.GetJsonAsync($"/api/ordering/orders/{orderId}")).GetText("status"));
    }
}

public sealed class OrderFlowTestsOnSqlite(SqliteShopHost host) : OrderFlowTests(host), IClassFixture<SqliteShopHost>;

public sealed class OrderFlowTestsOnPostgreSql(PostgreSqlShopHost host) : OrderFlowTests(host), IClassFixture<PostgreSqlShopHost>;
