using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Catalog.Service.Tests.Infrastructure;

namespace Catalog.Service.Tests;

/// <summary>
/// The fenced owner flip on the real estate: the proxy in front of the monolith and the catalog service,
/// writers busy through the proxy while the admin API moves catalog from canary to extracted.
/// </summary>
public sealed class OwnerFlipTests(CatalogEstate estate) : BehindTheProxy(estate, "canary", canaryPercent: 0), IClassFixture<CatalogEstate>
{
    [Fact]
    public async Task Flip_UnderConcurrentWrites_EveryWriteLandsOnceInTheOwnersDatabase()
    {
        using var client = Proxy.CreateClient();
        using var admin = CatalogEstate.AdminClient(Proxy);
        var prefix = $"fence-{Guid.NewGuid():N}"[..14];
        var writes = new ConcurrentBag<Write>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"{prefix}-{writer}-{i}";
                using var response = await client.PostAsJsonAsync("/api/catalog/categories", new { name }, CancellationToken.None);
                var id = response.StatusCode == HttpStatusCode.Created
                    ? (await response.Content.ReadFromJsonAsync<JsonObject>(CancellationToken.None))!["id"]!.GetValue<Guid>()
                    : Guid.Empty;
                writes.Add(new Write(name, id, response.StatusCode, response.Headers.GetValues("X-Migration-Served-By").Single()));
            }
        }, TestContext.Current.CancellationToken)).ToList();

        await Eventually.MatchAsync(() => Task.FromResult(writes.Count), n => n >= 20, "writes reach the monolith through the proxy");
        using var flip = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "extracted", reason = "owner flip under load", actor = "test" }, TestContext.Current.CancellationToken);
        await Eventually.MatchAsync(() => Task.FromResult(writes.Count(w => w.ServedBy == "extracted")), n => n >= 20, "writes reach the service through the proxy");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(flip.StatusCode == HttpStatusCode.OK, await flip.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.All(writes, w => Assert.Equal(HttpStatusCode.Created, w.Status));
        Assert.Contains(writes, w => w.ServedBy == "legacy");

        // Each write is in the database of the side that owned the data when it was made...
        using var legacy = new HttpClient { BaseAddress = Estate.LegacyAddress };
        using var service = new HttpClient { BaseAddress = Estate.ServiceAddress };
        foreach (var write in writes)
        {
            using var owner = await (write.ServedBy == "legacy" ? legacy : service).GetAsync($"/api/catalog/categories/{write.Id}", TestContext.Current.CancellationToken);
            Assert.True(owner.StatusCode == HttpStatusCode.OK, $"{write.Name} ({write.ServedBy}) is not in its owner's database");
        }

        // ...and, once the reverse sync has run, on both sides exactly once: none lost, none doubled.
        await Estate.WaitForChangeSyncAsync();
        var expected = writes.Select(w => w.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, await NamesAsync(legacy, prefix));
        Assert.Equal(expected, await NamesAsync(service, prefix));
    }

    /// <summary>Every category name with the prefix, across all pages, duplicates included.</summary>
    private static async Task<List<string>> NamesAsync(HttpClient side, string prefix)
    {
        var names = new List<string>();
        for (var page = 1; ; page++)
        {
            var list = (await side.GetFromJsonAsync<JsonObject>($"/api/catalog/categories?page={page}&pageSize=100", TestContext.Current.CancellationToken))!;
            var items = list["items"]!.AsArray();
            names.AddRange(items.Select(i => i!["name"]!.GetValue<string>()).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
            if (items.Count < 100)
            {
                return [.. names.Order(StringComparer.Ordinal)];
            }
        }
    }

    private sealed record Write(string Name, Guid Id, HttpStatusCode Status, string ServedBy);
}
