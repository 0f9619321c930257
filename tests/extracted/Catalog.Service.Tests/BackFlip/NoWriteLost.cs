using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Catalog.Service.Tests.BackFlip;

/// <summary>What "no acknowledged write lost" means for price writers, checked in a side's own database.</summary>
internal static class NoWriteLost
{
    /// <summary>
    /// In <paramref name="side"/>, every product's price is its last acknowledged one, and its history has each
    /// acknowledged price exactly once: none lost, none applied twice, none overwritten by an older version.
    /// </summary>
    public static async Task InAsync(HttpClient side, string sideName, IEnumerable<PriceWriters.Write> writes)
    {
        foreach (var product in writes.Where(w => w.Status == System.Net.HttpStatusCode.OK).GroupBy(w => w.Product))
        {
            var acknowledged = product.Select(w => w.Price).ToList();
            var current = (await side.GetFromJsonAsync<JsonObject>($"/api/catalog/products/{product.Key}", TestContext.Current.CancellationToken))!;
            Assert.True(current["price"]!.GetValue<decimal>() == acknowledged[^1],
                $"{sideName}: product {product.Key} is at {current["price"]}, its last acknowledged price is {acknowledged[^1]}");

            var history = await HistoryAsync(side, product.Key);
            foreach (var price in acknowledged)
            {
                var times = history.Count(p => p == price);
                Assert.True(times == 1, $"{sideName}: the acknowledged price {price} of {product.Key} is in its history {times} times");
            }
        }
    }

    /// <summary>Reconcile (the service compares the owner's tables with the follower's) finds no row missing, extra or different.</summary>
    public static async Task ReconciledAsync(Estate.Testing.ModuleEstate<Program> estate)
    {
        await estate.WaitForChangeSyncAsync();
        using var response = await estate.Service.PostAsync("/datasync/reconcile/catalog", null, TestContext.Current.CancellationToken);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.True(response.IsSuccessStatusCode, report.ToJsonString());
        Assert.All(report["tables"]!.AsArray(), table => Assert.True(
            table!["missing"]!.AsArray().Count + table["extra"]!.AsArray().Count + table["different"]!.AsArray().Count == 0,
            $"reconcile found drift: {table.ToJsonString()}"));
    }

    private static async Task<List<decimal>> HistoryAsync(HttpClient side, Guid product)
    {
        var prices = new List<decimal>();
        for (var page = 1; ; page++)
        {
            var list = (await side.GetFromJsonAsync<JsonObject>($"/api/catalog/products/{product}/prices?page={page}&pageSize=100", TestContext.Current.CancellationToken))!;
            var items = list["items"]!.AsArray();
            prices.AddRange(items.Select(i => i!["newPrice"]!.GetValue<decimal>()));
            if (items.Count < 100)
            {
                return prices;
            }
        }
    }
}
