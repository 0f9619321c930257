using StranglerProxy.Plan;
using StranglerProxy.Telemetry;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace StranglerProxy.Routing;

/// <summary>
/// Runs inside YARP's pipeline after a route matched: picks the target for the module's current stage
/// (from the plan in force, so a flip applies to the very next request), moves the request to that
/// target's cluster, and marks the response with who served it. For the few milliseconds in which YARP
/// is still loading the cluster of a new stage, the route's own cluster serves.
/// </summary>
internal sealed class StageRoutingMiddleware(
    RequestDelegate next, PlanStore plans, TargetSelector selector, RequestCounters counters, IProxyStateLookup proxyState)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var plan = plans.Current.Plan;
        var moduleName = proxy.Route.Config.Metadata?.GetValueOrDefault(ProxyConfigFactory.ModuleMetadataKey) ?? ProxyConfigFactory.Unclaimed;

        Target target;
        string cluster;
        if (plan.Modules.TryGetValue(moduleName, out var module))
        {
            target = selector.Select(context, module);
            cluster = target == Target.Extracted ? module.Service : plan.Legacy.Service;
        }
        else
        {
            // Unclaimed paths (and routes of a module the newest plan no longer has) belong to the monolith.
            target = Target.Legacy;
            cluster = plan.Legacy.Service;
        }

        if (proxy.Cluster.Config.ClusterId != cluster)
        {
            if (proxyState.TryGetCluster(cluster, out var state))
            {
                context.ReassignProxyRequest(state);
            }
            else
            {
                // The cluster of a brand-new stage is still being loaded: serve from the route's own.
                target = proxy.Cluster.Config.ClusterId == plan.Legacy.Service ? Target.Legacy : Target.Extracted;
            }
        }

        counters.Count(moduleName, target);
        ProxyMetrics.TagRequest(context, moduleName, target);
        context.Response.Headers[MigrationHeaders.ServedBy] = target.ToHeaderValue();
        await next(context);
        ProxyMetrics.TagStatus(context);
    }
}
