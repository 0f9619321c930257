using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Catalog.Service.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Shop.BuildingBlocks.Modules.Facades;
using Shop.Modules.Catalog.Contracts;

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
    public async Task Facade_OverHttp_SameAnswersFromBothSides()
    {
        var token = TestContext.Current.CancellationToken;
        var legacy = FacadeClient.Create<ICatalogFacade>(estate.Legacy, "catalog", estate.Legacy.BaseAddress!.Authority);
        var service = FacadeClient.Create<ICatalogFacade>(estate.Service, "catalog", estate.Service.BaseAddress!.Authority);

        var all = await legacy.ListProductIdsAsync(token);
        Assert.Equal(all, await service.ListProductIdsAsync(token));
        var ids = all.Skip(1).Take(30).ToList(); // The first is tampered with by the other test.
        var prices = await service.GetProductPricesAsync(ids, token);
        Assert.Equal(30, prices.Count);
        Assert.Equal(await legacy.GetProductPricesAsync(ids, token), prices);
        var rejected = await Assert.ThrowsAsync<ArgumentException>(() => service.GetProductPricesAsync([.. Enumerable.Range(0, ProductPriceQuery.MaxIds + 1).Select(_ => Guid.NewGuid())], token));
        Assert.Equal("productIds", rejected.ParamName);
    }
}
