using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using StranglerProxy.Edge;
using StranglerProxy.Plan;
using Yarp.ReverseProxy.Configuration;

namespace StranglerProxy.Routing;

/// <summary>YARP's configuration, derived from the plan in force: an immutable snapshot per plan version.</summary>
internal sealed class PlanProxyConfigProvider : IProxyConfigProvider
{
    private readonly ProxyRoutingOptions _options;
    private readonly EdgeOptions _edge;
    private readonly PlanStore _store;
    private volatile PlanProxyConfig _config;

    public PlanProxyConfigProvider(PlanStore store, IOptions<ProxyRoutingOptions> options, IOptions<EdgeOptions> edge)
    {
        _options = options.Value;
        _edge = edge.Value;
        _store = store;
        _config = Create(store.Current);
        store.Changed += snapshot =>
        {
            var previous = _config;
            _config = Create(snapshot);
            previous.SignalChange();
        };
    }

    public IProxyConfig GetConfig() => _config;

    private PlanProxyConfig Create(PlanSnapshot snapshot)
    {
        var (routes, clusters) = ProxyConfigFactory.Build(snapshot, _store.IsKnownService, _options, _edge);
        return new PlanProxyConfig(routes, clusters, $"plan-v{snapshot.Version}");
    }

    private sealed class PlanProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, string revisionId)
        : IProxyConfig
    {
        private readonly CancellationTokenSource _changed = new();

        public IReadOnlyList<RouteConfig> Routes { get; } = routes;

        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

        public string RevisionId { get; } = revisionId;

        public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

        public void SignalChange() => _changed.Cancel();
    }
}
