using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Estate.Testing;
using Inventory.Service.Tests.Infrastructure;

namespace Inventory.Service.Tests;

/// <summary>Integration events reach the handlers of extracted modules, and come from extracted modules, across processes.</summary>
public sealed class IntegrationEventsTests(ShopEstate estate) : IClassFixture<ShopEstate>
{
    [Fact]
    public async Task ProductCreated_WhereverCatalogAndInventoryRun_OpensAStockRowAtTheInventoryOwner()
    {
        // Catalog extracted, inventory in the monolith: catalog-service's event reaches the monolith.
        await MoveAsync("catalog", "extracted");
        var first = await CreateProductAsync(estate.ServiceOf("catalog"), "EVT-A");
        await StockRowAsync(estate.Legacy, first);

        // Both extracted: it goes on from the monolith to inventory-service.
        await MoveAsync("inventory", "extracted");
        var second = await CreateProductAsync(estate.ServiceOf("catalog"), "EVT-B");
        await StockRowAsync(estate.ServiceOf("inventory"), second);

        // Catalog back in the monolith, inventory extracted: the monolith's event goes to inventory-service.
        await MoveAsync("catalog", "canary");
        var third = await CreateProductAsync(estate.Legacy, "EVT-C");
        await StockRowAsync(estate.ServiceOf("inventory"), third);
    }

    [Theory]
    [InlineData(null, "ProductCreated", HttpStatusCode.Unauthorized)]
    [InlineData("wrong", "ProductCreated", HttpStatusCode.Unauthorized)]
    [InlineData(Estate.Testing.Estate.ServiceKey, "NoSuchEvent", HttpStatusCode.BadRequest)]
    public async Task Inbox_WithoutTheKeyOrForAnUnknownEvent_RefusesWithAProblem(string? key, string name, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/integration-events/{name}") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("X-Event-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Event-Occurred-At", DateTime.UtcNow.ToString("O"));
        if (key is not null)
        {
            request.Headers.Add(Contracts.Estate.ServiceKey.Header, key);
        }

        // Not the estate's client, which carries the key on every request.
        using var client = new HttpClient { BaseAddress = estate.Legacy.BaseAddress };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task MoveAsync(string module, string stage)
    {
        await estate.WaitForChangeSyncAsync(module);
        await estate.SetStageAsync(module, stage, canaryPercent: 10);
    }

    private static async Task<Guid> CreateProductAsync(HttpClient catalogOwner, string sku)
    {
        var token = TestContext.Current.CancellationToken;
        var category = (await catalogOwner.GetFromJsonAsync<JsonObject>("/api/catalog/categories?pageSize=1", token))!["items"]![0]!["id"]!.GetValue<Guid>();
        using var created = await catalogOwner.PostAsJsonAsync("/api/catalog/products",
            new { sku = $"{sku}-{Guid.NewGuid():N}"[..20], name = sku, categoryId = category, price = 5m, currency = "EUR" }, token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonObject>(token))!["id"]!.GetValue<Guid>();
    }

    private static Task StockRowAsync(HttpClient inventoryOwner, Guid productId) =>
        Eventually.MatchAsync(async () =>
            {
                using var response = await inventoryOwner.GetAsync($"/api/inventory/stock/{productId}", TestContext.Current.CancellationToken);
                return response.StatusCode;
            },
            status => status == HttpStatusCode.OK, $"the inventory owner has a stock row for {productId}");
}
