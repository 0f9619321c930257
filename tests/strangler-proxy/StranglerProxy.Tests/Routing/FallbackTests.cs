using System.Net;
using System.Net.Sockets;
using StranglerProxy.Routing;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Routing;

/// <summary>While the monolith still has the module, a safe request the extracted service cannot answer is served by the monolith.</summary>
public sealed class FallbackTests(FallbackTests.ServiceDownHost host) : IClassFixture<FallbackTests.ServiceDownHost>
{
    [Fact]
    public async Task Get_ExtractedServiceDown_EveryRequestServedByTheMonolith()
    {
        // No automatic rollback here: the module must stay at extracted for every request to test the fallback.
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted") { Rollback = new { minRequests = 1_000_000 } }));

        // Concurrent clients, bounded: the first requests meet a refused connection, later ones no healthy destination.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var results = new List<(HttpStatusCode, string?, string?)>();
            for (var i = 0; i < 25; i++)
            {
                using var response = await host.Client.GetAsync($"/api/catalog/products/{i}", TestContext.Current.CancellationToken);
                results.Add((response.StatusCode, Header(response, MigrationHeaders.ServedBy), Header(response, MigrationHeaders.Fallback)));
            }

            return results;
        }, TestContext.Current.CancellationToken)));

        var all = answers.SelectMany(a => a).ToList();
        Assert.Equal(200, all.Count);
        Assert.All(all, a => Assert.Equal((HttpStatusCode.OK, "legacy"), (a.Item1, a.Item2)));
        Assert.All(all, a => Assert.Contains(a.Item3, new[] { "transport", "no-healthy-destination" }));
    }

    [Fact]
    public async Task Post_ExtractedServiceDown_IsNotReplayedOnTheMonolith()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted")));
        var before = host.LegacyBackend.Requests;

        using var response = await host.Client.PostAsync("/api/catalog/products", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.True((int)response.StatusCode >= 500, $"a write to a service that is down fails; got {response.StatusCode}");
        Assert.Null(Header(response, MigrationHeaders.Fallback));
        Assert.Equal(before, host.LegacyBackend.Requests);
    }

    [Fact]
    public async Task Get_RetiredModuleServiceDown_HasNoMonolithToFallBackOn()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "retired")));

        using var response = await host.Client.GetAsync("/api/catalog/products/1", TestContext.Current.CancellationToken);

        Assert.True((int)response.StatusCode >= 500, $"the monolith no longer has a retired module; got {response.StatusCode}");
        Assert.Null(Header(response, MigrationHeaders.Fallback));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    /// <summary>
    /// The proxy with catalog-service gone: an outage of the extracted side. Its port stays bound, not
    /// listening, so connections are refused and no other server of the test run can take it over.
    /// </summary>
    public sealed class ServiceDownHost : ProxyHost
    {
        private readonly Socket _port = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            await ServiceBackend.StopAsync();
            _port.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _port.Bind(new IPEndPoint(IPAddress.Loopback, ServiceBackend.Address.Port));
        }

        public override async ValueTask DisposeAsync()
        {
            _port.Dispose();
            await base.DisposeAsync();
        }
    }
}
