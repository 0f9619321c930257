using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inventory.Service.Tests.Infrastructure;

namespace Inventory.Service.Tests;

/// <summary>
/// Orders placed through the monolith work in every combination of the catalog's and the inventory's
/// stages: priced by the catalog's data owner, stock reserved and released at the inventory's.
/// </summary>
public sealed class OrderFlowAcrossStagesTests(ShopEstate estate) : IClassFixture<ShopEstate>
{
    /// <summary>Every combination, one module moving at a time, owners moving both ways.</summary>
    private static readonly (string Catalog, string Inventory)[] Walk =
    [
        ("legacy", "legacy"), ("legacy", "canary"), ("legacy", "extracted"),
        ("canary", "extracted"), ("canary", "canary"), ("canary", "legacy"),
        ("extracted", "legacy"), ("extracted", "canary"), ("extracted", "extracted"),
    ];

    [Fact]
    public async Task PlaceAndCancelOrder_InEveryCombinationOfStages_PricesReservesAndReleasesAtTheOwners()
    {
        var token = TestContext.Current.CancellationToken;
        var productId = JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/inventory/stock?pageSize=1", token))!["items"]![0]!["productId"]!.GetValue<Guid>();
        var customerId = JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/customers?pageSize=1", token))!["items"]![0]!["id"]!.GetValue<Guid>();
        var (catalogStage, inventoryStage) = ("legacy", "legacy");

        foreach (var (nextCatalog, nextInventory) in Walk)
        {
            // As an operator does: a module moves once the other side has everything its owner logged.
            if (nextCatalog != catalogStage)
            {
                await estate.WaitForChangeSyncAsync("catalog");
                await estate.SetStageAsync("catalog", nextCatalog, canaryPercent: 10);
            }

            if (nextInventory != inventoryStage)
            {
                await estate.WaitForChangeSyncAsync("inventory");
                await estate.SetStageAsync("inventory", nextInventory, canaryPercent: 10);
            }

            (catalogStage, inventoryStage) = (nextCatalog, nextInventory);
            var combination = $"catalog {catalogStage}, inventory {inventoryStage}";
            var catalogOwner = catalogStage == "extracted" ? estate.ServiceOf("catalog") : estate.Legacy;
            var inventoryOwner = inventoryStage == "extracted" ? estate.ServiceOf("inventory") : estate.Legacy;
            var price = (await catalogOwner.GetFromJsonAsync<JsonObject>($"/api/catalog/products/{productId}", token))!["price"]!.GetValue<decimal>();
            var available = await AvailableAsync(inventoryOwner, productId);

            using var placed = await estate.Legacy.PostAsJsonAsync("/api/ordering/orders", new { customerId, lines = new[] { new { productId, quantity = 1 } } }, token);

            Assert.True(placed.StatusCode == HttpStatusCode.Created, $"{combination}: placing answered {(int)placed.StatusCode}");
            var order = (await placed.Content.ReadFromJsonAsync<JsonObject>(token))!;
            Assert.True(price == order["lines"]![0]!["unitPrice"]!.GetValue<decimal>(), $"{combination}: priced at {order["lines"]![0]!["unitPrice"]}, the owner says {price}");
            Assert.True(available - 1 == await AvailableAsync(inventoryOwner, productId), $"{combination}: the reservation is not at the inventory's owner");

            using var cancelled = await estate.Legacy.PostAsJsonAsync($"/api/ordering/orders/{order["id"]}/cancel", new { reason = "walk", version = 0 }, token);

            Assert.True(cancelled.IsSuccessStatusCode, $"{combination}: cancelling answered {(int)cancelled.StatusCode}");
            await Eventually.MatchAsync(() => AvailableAsync(inventoryOwner, productId), n => n == available, $"{combination}: the stock is released at the owner");
        }
    }

    private static async Task<int> AvailableAsync(HttpClient side, Guid productId) =>
        (await side.GetFromJsonAsync<JsonObject>($"/api/inventory/stock/{productId}", TestContext.Current.CancellationToken))!["available"]!.GetValue<int>();
}
