using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Routing;

/// <summary>Several replicas of a service, found through service discovery, share its traffic.</summary>
public sealed class LoadBalancingTests(LoadBalancingTests.TwoReplicasHost host) : IClassFixture<LoadBalancingTests.TwoReplicasHost>
{
    [Fact]
    public async Task Requests_ServiceWithTwoReplicas_AreSpreadOverBoth()
    {
        var served = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => host.Client.SendAsync(HttpMethod.Get, "/unclaimed/page")));

        var byReplica = served.GroupBy(s => s.Echo!.Backend).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, byReplica.Count);
        Assert.All(byReplica.Values, count => Assert.InRange(count, 15, 25));
        Assert.All(served, s => Assert.Equal("legacy", s.ServedBy));
    }

    /// <summary>Registers the second backend as a second replica of "legacy", balanced round-robin.</summary>
    public sealed class TwoReplicasHost : ProxyHost
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Services:legacy:http:1"] = ServiceBackend.Address.ToString(),
            ["Migration:Proxy:LoadBalancingPolicy"] = "RoundRobin",
        };
    }
}
