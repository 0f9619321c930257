using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inventory.Service.Tests.Infrastructure;

namespace Inventory.Service.Tests;

/// <summary>With Inventory extracted, orders placed through the monolith reserve and release stock at inventory-service.</summary>
public sealed class OrderFlowTests(InventoryEstate estate) : IClassFixture<InventoryEstate>
{
    [Fact]
    public async Task PlaceAndCancelOrder_WithInventoryExtracted_ReserveAndReleaseAtTheService()
    {
        var token = TestContext.Current.CancellationToken;
        var stock = JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/inventory/stock?pageSize=1", token))!["items"]![0]!;
        var (productId, available) = (stock["productId"]!.GetValue<Guid>(), stock["available"]!.GetValue<int>());
        var customerId = JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/customers?pageSize=1", token))!["items"]![0]!["id"]!.GetValue<Guid>();
        await estate.WaitForChangeSyncAsync();
        await estate.SetStageAsync("extracted");

        using var placed = await estate.Legacy.PostAsJsonAsync("/api/ordering/orders", new { customerId, lines = new[] { new { productId, quantity = 2 } } }, token);
        using var tooMuch = await estate.Legacy.PostAsJsonAsync("/api/ordering/orders",
            new { customerId, lines = new[] { new { productId, quantity = available } } }, token);

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonObject>(token))!["id"]!.GetValue<Guid>();
        // The service holds the reservation and the stock it took; the monolith's copy follows by reverse sync.
        Assert.Equal(available - 2, await AvailableAsync(estate.Service, productId));
        var reservation = Assert.Single(await ReservationsAsync(estate.Service, orderId));
        Assert.Equal("Active", reservation["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);
        await Eventually.MatchAsync(() => AvailableAsync(estate.Legacy, productId), n => n == available - 2, "the monolith's copy shows the reservation");

        using var cancelled = await estate.Legacy.PostAsJsonAsync($"/api/ordering/orders/{orderId}/cancel", new { reason = "changed my mind", version = 0 }, token);

        Assert.True(cancelled.IsSuccessStatusCode, $"cancel answered {(int)cancelled.StatusCode}");
        await Eventually.MatchAsync(() => AvailableAsync(estate.Service, productId), n => n == available, "the service released the stock");
        Assert.Equal("Released", Assert.Single(await ReservationsAsync(estate.Service, orderId))["status"]!.GetValue<string>());
    }

    private static async Task<int> AvailableAsync(HttpClient side, Guid productId) =>
        (await side.GetFromJsonAsync<JsonObject>($"/api/inventory/stock/{productId}", TestContext.Current.CancellationToken))!["available"]!.GetValue<int>();

    private static async Task<List<JsonNode>> ReservationsAsync(HttpClient side, Guid orderId) =>
        [.. (await side.GetFromJsonAsync<JsonObject>($"/api/inventory/reservations?orderId={orderId}", TestContext.Current.CancellationToken))!["items"]!.AsArray().Select(r => r!)];
}
