using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Catalog.Service.Tests.Infrastructure;

namespace Catalog.Service.Tests;

/// <summary>While the monolith owns the catalog, its writes reach the service.</summary>
public sealed class LegacyToServiceSyncTests(CatalogEstate estate) : IClassFixture<CatalogEstate>
{
    [Fact]
    public async Task Writes_ToTheMonolith_ReachTheServiceInOrder()
    {
        var category = await CatalogWrites.CreateCategoryAsync(estate.Legacy, "Synced forward");
        var product = await CatalogWrites.CreateProductAsync(estate.Legacy, category, "FWD-1", 12.50m);
        await CatalogWrites.ChangePriceAsync(estate.Legacy, product, 14.00m);

        await CatalogWrites.SameOnBothAsync(estate.Service, estate.Legacy, $"/api/catalog/products/{product}");
        await CatalogWrites.SameOnBothAsync(estate.Service, estate.Legacy, $"/api/catalog/products/{product}/prices");
        await CatalogWrites.SameOnBothAsync(estate.Service, estate.Legacy, $"/api/catalog/categories/{category}");
    }

    [Fact]
    public async Task Status_AfterWrites_ShowsTheLagDrainingToZero()
    {
        var category = await CatalogWrites.CreateCategoryAsync(estate.Legacy, "Lag");
        await CatalogWrites.CreateProductAsync(estate.Legacy, category, "LAG-1", 3m);

        var status = await Eventually.MatchAsync(
            async () => (await estate.Service.GetFromJsonAsync<JsonObject>("/datasync/status/catalog", TestContext.Current.CancellationToken))!,
            s => s["pendingChanges"]!.GetValue<int>() == 0, "the monolith's change log is applied");

        Assert.Equal("legacy", status["stage"]!.GetValue<string>());
        Assert.Equal("LegacyToService", status["direction"]!.GetValue<string>());
        Assert.True(status["appliedUpTo"]!.GetValue<long>() > 0);
        Assert.Equal(0, status["oldestPendingSeconds"]!.GetValue<double>());
    }
}

/// <summary>Once the plan makes the service the owner ('extracted'), its writes flow back: a rollback loses nothing.</summary>
public sealed class ServiceToLegacySyncTests(CatalogEstate estate) : IClassFixture<CatalogEstate>
{
    [Fact]
    public async Task Writes_ToTheServiceAfterTheOwnerFlip_ReachTheMonolith()
    {
        await estate.WaitForChangeSyncAsync();
        await estate.SetStageAsync("extracted");

        var category = await CatalogWrites.CreateCategoryAsync(estate.Service, "Synced back");
        var product = await CatalogWrites.CreateProductAsync(estate.Service, category, "BCK-1", 20.00m);
        await CatalogWrites.ChangePriceAsync(estate.Service, product, 18.75m);

        await CatalogWrites.SameOnBothAsync(estate.Legacy, estate.Service, $"/api/catalog/products/{product}");
        await CatalogWrites.SameOnBothAsync(estate.Legacy, estate.Service, $"/api/catalog/products/{product}/prices");
    }
}

internal static class CatalogWrites
{
    public static async Task<Guid> CreateCategoryAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/api/catalog/categories", new { name = $"{name} {Guid.NewGuid():N}" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["id"]!.GetValue<Guid>();
    }

    public static async Task<Guid> CreateProductAsync(HttpClient client, Guid category, string sku, decimal price)
    {
        using var response = await client.PostAsJsonAsync("/api/catalog/products",
            new { sku = $"{sku}-{Guid.NewGuid():N}"[..20], name = sku, categoryId = category, price, currency = "EUR" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["id"]!.GetValue<Guid>();
    }

    public static async Task ChangePriceAsync(HttpClient client, Guid product, decimal price)
    {
        using var response = await client.PutAsJsonAsync($"/api/catalog/products/{product}/price", new { price, version = 0 }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Polls <paramref name="follower"/> until it answers <paramref name="path"/> as <paramref name="owner"/> does.</summary>
    public static async Task SameOnBothAsync(HttpClient follower, HttpClient owner, string path)
    {
        var expected = JsonNode.Parse(await owner.GetStringAsync(path, TestContext.Current.CancellationToken));
        await Eventually.MatchAsync(
            async () =>
            {
                using var response = await follower.GetAsync(path, TestContext.Current.CancellationToken);
                return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)) : null;
            },
            actual => JsonNode.DeepEquals(actual, expected),
            $"{path} answers the same on both sides");
    }
}
