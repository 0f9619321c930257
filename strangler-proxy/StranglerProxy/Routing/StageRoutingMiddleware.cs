using StranglerProxy.Plan;
using StranglerProxy.Safety;
using StranglerProxy.Shadow;
using StranglerProxy.Telemetry;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace StranglerProxy.Routing;

/// <summary>
/// Runs inside YARP's pipeline after a route matched: picks the target for the module's current stage
/// (from the plan in force, so a flip applies to the very next request), moves the request to that
/// target's cluster, and marks the response with who served it. For the few milliseconds in which YARP
/// is still loading the cluster of a new stage, the route's own cluster serves.
/// </summary>
internal sealed class StageRoutingMiddleware(
    RequestDelegate next, PlanStore plans, TargetSelector selector, RequestCounters counters, IProxyStateLookup proxyState, ProxyMetrics metrics,
    AutomaticRollback rollback, ShadowMirror shadow, WriteFence fence, ReadOnlyRollbacks readOnly)
{
    public Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var moduleName = proxy.Route.Config.Metadata?.GetValueOrDefault(ProxyConfigFactory.ModuleMetadataKey) ?? ProxyConfigFactory.Unclaimed;
        return moduleName.Length == 0 || TargetSelector.IsSafe(context.Request.Method) ? RouteAsync(context, proxy, moduleName) : RouteWriteAsync(context, proxy, moduleName);
    }

    /// <summary>A write may have to wait for an owner flip, and is routed by the plan in force after it.</summary>
    private async Task RouteWriteAsync(HttpContext context, IReverseProxyFeature proxy, string moduleName)
    {
        using var lease = await fence.EnterAsync(moduleName, context.RequestAborted);
        if (lease.Refusal is { } refusal)
        {
            await RefuseWriteAsync(context, refusal, FenceRetryAfter, "The write cannot be sent safely right now.");
            return;
        }

        await RouteAsync(context, proxy, moduleName);
    }

    /// <summary>What a write refused at the fence is told to wait: an owner move takes a few seconds at most.</summary>
    private static readonly TimeSpan FenceRetryAfter = TimeSpan.FromSeconds(2);

    private async Task RouteAsync(HttpContext context, IReverseProxyFeature proxy, string moduleName)
    {
        var plan = plans.Current.Plan;

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
            TargetSelector.StripTesterHeaders(context.Request.Headers);
            target = Target.Legacy;
            cluster = plan.Legacy.Service;
        }

        if (readOnly.Any && module is not null && readOnly.Of(module) is { } rolledBack)
        {
            if (!TargetSelector.IsSafe(context.Request.Method))
            {
                await RefuseWriteAsync(context,
                    $"{rolledBack.Module} was rolled back for reads only: its writes wait until its data can move to the monolith without losing any. {rolledBack.Reason}",
                    ReadOnlyRollbacks.RetryAfter, "Writes are held back during a rollback.");
                return;
            }

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

        context.Response.Headers[MigrationHeaders.ServedBy] = target.ToHeaderValue();
        var mirror = module is { Stage: Stage.Shadow } && target == Target.Legacy ? shadow.Begin(context, module, plan.Legacy.Service) : null;
        try
        {
            await next(context);
        }
        catch when (mirror is not null)
        {
            mirror.Tee.Release(); // Nothing to compare; the copy goes back to the pool.
            throw;
        }

        if (mirror is not null)
        {
            shadow.Complete(context, mirror);
        }

        // Classified once: on the success path that is one feature lookup, and nothing below looks again. A request
        // that says nothing about the service (the client's doing, the proxy's) is no answer of it at all.
        var outcome = ServiceOutcomes.Of(context);
        if (target == Target.Extracted && module is not null && outcome is (ServiceOutcome.Answered or ServiceOutcome.Failed))
        {
            rollback.Observe(module, failed: outcome == ServiceOutcome.Failed);
        }

        if (outcome == ServiceOutcome.Failed && target == Target.Extracted && module is { Stage: < Stage.Retired } && FallbackReason(context) is { } reason
            && proxyState.TryGetCluster(plan.Legacy.Service, out var legacy))
        {
            // The monolith still has the module: it answers the safe request the service could not.
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            context.ReassignProxyRequest(legacy);
            target = Target.Legacy;
            context.Response.Headers[MigrationHeaders.ServedBy] = target.ToHeaderValue();
            context.Response.Headers[MigrationHeaders.Fallback] = reason;
            metrics.Fallback(moduleName, reason);
            counters.FellBack(moduleName);
            await next(context);
            outcome = ServiceOutcomes.Of(context);
        }

        counters.Count(moduleName, target, failed: outcome == ServiceOutcome.Failed);
        ProxyMetrics.TagRequest(context, moduleName, target, outcome);
    }

    /// <summary>A write that must not go anywhere now (a read-only rollback, a move this proxy lost track of): 503, try again later.</summary>
    private static Task RefuseWriteAsync(HttpContext context, string detail, TimeSpan retryAfter, string title)
    {
        context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: title).ExecuteAsync(context);
    }

    /// <summary>
    /// Why a request the service failed (<see cref="ServiceOutcomes"/>) should be served by the monolith after
    /// all: it is safe (no body to replay, no write to repeat), nothing of the answer has gone out, and the
    /// failure came before any answer.
    /// </summary>
    private static string? FallbackReason(HttpContext context)
    {
        if (context.Response.HasStarted || !TargetSelector.IsSafe(context.Request.Method)
            || context.Features.Get<IForwarderErrorFeature>() is not { } failure)
        {
            return null;
        }

        return failure.Error switch
        {
            ForwarderError.NoAvailableDestinations => "no-healthy-destination",
            ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.ResponseHeaders => "transport",
            _ => null,
        };
    }
}
