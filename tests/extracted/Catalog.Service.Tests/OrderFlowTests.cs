using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Catalog.Service.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Catalog.Service.Tests;

/// <summary>With Catalog extracted, the monolith's Ordering prices orders through catalog-service, over HTTP.</summary>
public sealed class OrderFlowTests(CatalogEstate estate) : IClassFixture<CatalogEstate>
{
    [Fact]
    public async Task PlaceOrder_WithCatalogExtracted_PricesFromTheService()
    {
        var token = TestContext.Current.CancellationToken;
        // The first product by SKU: the other test of this class leaves it alone.
        var product = JsonNode.Parse(await estate.Service.GetStringAsync("/api/catalog/products?pageSize=1", token))!["items"]![0]!;
        var (productId, price) = (product["id"]!.GetValue<Guid>(), product["price"]!.GetValue<decimal>());
        var customerId = JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/customers?pageSize=1", token))!["items"]![0]!["id"]!.GetValue<Guid>();
        await estate.WaitForChangeSyncAsync();
        await estate.SetStageAsync("extracted");
        // The monolith's own copy of the price is now stale on purpose: only the service's may be used.
        await using (var legacy = new SqliteConnection(estate.LegacyDatabase))
        {
            await legacy.OpenAsync(token);
            await using var command = legacy.CreateCommand();
            command.CommandText = $"UPDATE catalog_products SET \"Price\" = 0.01 WHERE \"Id\" = '{productId.ToString().ToUpperInvariant()}'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync(token));
        }

        using var placed = await estate.Legacy.PostAsJsonAsync("/api/ordering/orders",
            new { customerId, lines = new[] { new { productId, quantity = 2 } } }, token);

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var line = (await placed.Content.ReadFromJsonAsync<JsonObject>(token))!["lines"]![0]!;
        Assert.Equal(price, line["unitPrice"]!.GetValue<decimal>());
        Assert.Equal(price * 2, line["lineTotal"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Facade_OverHttp_SameAnswersAsInProcess()
    {
        var token = TestContext.Current.CancellationToken;
        var ids = JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/catalog/product-ids", token))!.AsArray().Skip(1).Take(30).Select(id => id!.GetValue<string>()); // The first is tampered with by the other test.
        var path = $"/api/catalog/product-prices?ids={string.Join(',', ids)}";

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(await estate.Legacy.GetStringAsync(path, token)),
            JsonNode.Parse(await estate.Service.GetStringAsync(path, token))));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/catalog/product-ids", token)),
            JsonNode.Parse(await estate.Service.GetStringAsync("/api/catalog/product-ids", token))));
        Assert.Equal(30, JsonNode.Parse(await estate.Service.GetStringAsync(path, token))!.AsArray().Count);
    }
}
