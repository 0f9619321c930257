using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Routing;

/// <summary>Flipping stages while traffic flows must not fail a single request.</summary>
public sealed class FlipUnderLoadTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    private const int Clients = 8;
    private const int Flips = 24;

    [Fact]
    public async Task Flip_RepeatedlyUnderConcurrentLoad_NoRequestFails()
    {
        // Bounds the clients in time should the flips hang; the flips themselves usually take a few seconds.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var failures = new ConcurrentBag<string>();
        var servedBy = new ConcurrentDictionary<string, int>();
        var requests = 0;
        var flipping = true;

        var load = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var i = 0;
            while (Volatile.Read(ref flipping) && !stop.IsCancellationRequested)
            {
                var method = i++ % 4 == 0 ? HttpMethod.Post : HttpMethod.Get;
                try
                {
                    var served = await host.Client.SendAsync(method, "/api/catalog/products",
                        new Dictionary<string, string> { ["X-User-Id"] = $"user-{client}-{i % 50}" });
                    if (served.Status != HttpStatusCode.OK)
                    {
                        failures.Add($"{method} -> {(int)served.Status}");
                    }
                    else
                    {
                        servedBy.AddOrUpdate(served.Echo!.Backend, 1, (_, n) => n + 1);
                    }
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"{method} -> {ex.Message}");
                }

                Interlocked.Increment(ref requests);
            }
        })).ToList();

        using var admin = host.CreateAdminClient();
        string[] stages = ["canary", "extracted", "legacy", "shadow", "retired", "legacy"];
        var clock = Stopwatch.StartNew();
        for (var flip = 0; flip < Flips; flip++)
        {
            // Let traffic run on each plan before the next flip.
            var requestsBefore = Volatile.Read(ref requests);
            await Eventually.MatchAsync(() => Task.FromResult(Volatile.Read(ref requests)), n => n >= requestsBefore + 20, "traffic flowed on this plan");
            using var response = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
                new { stage = stages[flip % stages.Length], percent = 50, reason = $"flip {flip}", force = true }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Volatile.Write(ref flipping, false);
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.True(requests > Flips * 20, $"only {requests} requests in {clock.Elapsed}");
        Assert.True(servedBy.GetValueOrDefault("legacy") > 0 && servedBy.GetValueOrDefault(ProxyHost.Service) > 0,
            "both sides served during the flips");
    }
}
