using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Catalog.Service.Tests.Infrastructure;

namespace Catalog.Service.Tests;

/// <summary>Shadow on the real estate: the service answers the mirrored catalog reads as the monolith does, so the gate opens.</summary>
public sealed class ShadowTests(CatalogEstate estate) : BehindTheProxy(estate, "shadow"), IClassFixture<CatalogEstate>
{
    [Fact]
    public async Task Shadow_CatalogReads_MatchOnEveryRouteAndThePromotionGateOpens()
    {
        using var client = Proxy.CreateClient();
        using var admin = CatalogEstate.AdminClient(Proxy);
        var page = (await client.GetFromJsonAsync<JsonObject>("/api/catalog/products?pageSize=50", TestContext.Current.CancellationToken))!;
        var products = page["items"]!.AsArray().Select(p => p!["id"]!.GetValue<Guid>()).ToList();
        var paths = products.SelectMany(id => new[] { $"/api/catalog/products/{id}", $"/api/catalog/products/{id}/prices" })
            .Append("/api/catalog/categories").Append("/api/catalog/products?page=2&pageSize=7").Append("/api/catalog/products/not-a-guid").ToList();
        for (var round = 0; round < 2; round++)
        {
            foreach (var path in paths)
            {
                using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
                Assert.Equal("legacy", response.Headers.GetValues("X-Migration-Served-By").Single());
            }
        }

        var expected = paths.Count * 2 + 1;
        var report = await Eventually.MatchAsync(
            async () => (await admin.GetFromJsonAsync<JsonObject>("/migration/api/modules/catalog/shadow", TestContext.Current.CancellationToken))!,
            r => r["compared"]!.GetValue<long>() >= expected, $"{expected} comparisons");

        Assert.True(report["mismatched"]!.GetValue<long>() == 0 && report["errors"]!.GetValue<long>() == 0, report.ToJsonString());
        Assert.Contains(report["routes"]!.AsArray(), r => r!["route"]!.GetValue<string>() == "GET /api/catalog/products/{id}/prices");
        Assert.True(report["promotion"]!["passed"]!.GetValue<bool>(), report["promotion"]!.ToJsonString());
    }
}
