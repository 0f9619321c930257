using StranglerProxy.Plan;
using Yarp.ReverseProxy;

namespace StranglerProxy.Routing;

internal static class ProxyStateExtensions
{
    /// <summary>Whether YARP has loaded every cluster the plan routes to, so requests follow the plan fully.</summary>
    public static bool HasClustersFor(this IProxyStateLookup proxyState, MigrationPlan plan) =>
        ProxyConfigFactory.RequiredClusters(plan).All(cluster => proxyState.TryGetCluster(cluster, out _));

    /// <summary>Waits until the plan's clusters are loaded; false when that did not happen within the timeout.</summary>
    public static async Task<bool> WaitForClustersAsync(
        this IProxyStateLookup proxyState, MigrationPlan plan, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!proxyState.HasClustersFor(plan))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(5, cancellationToken);
        }

        return true;
    }
}
