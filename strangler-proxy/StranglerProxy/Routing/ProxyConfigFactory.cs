using StranglerProxy.Edge;
using StranglerProxy.Plan;
using Yarp.ReverseProxy.Configuration;

namespace StranglerProxy.Routing;

/// <summary>
/// Turns a plan into YARP routes and clusters: one route per module route pattern (metadata names the
/// module), a catch-all to the monolith for anything no module claims, and one cluster per service in
/// use. A cluster's destination is the service name, resolved through service discovery.
/// </summary>
internal static class ProxyConfigFactory
{
    public const string ModuleMetadataKey = "migration.module";

    /// <summary>Marks a route of the estate's own calls (<see cref="EstateCalls"/>): "facade" or "never".</summary>
    public const string InternalMetadataKey = "migration.internal";


    /// <summary>The module name recorded on the catch-all route.</summary>
    public const string Unclaimed = "";

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(
        PlanSnapshot snapshot, Func<string, bool> isKnownService, ProxyRoutingOptions options, EdgeOptions edge)
    {
        var plan = snapshot.Plan;
        var routes = new List<RouteConfig>();
        var services = new SortedSet<string>(StringComparer.Ordinal) { plan.Legacy.Service };
        foreach (var module in plan.Modules.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            var cluster = DefaultCluster(plan, module);
            services.Add(cluster);
            // Shadow and canary need both sides; a reachable service is kept ready for tester overrides and quick flips.
            if (module.Stage is Stage.Shadow or Stage.Canary || isKnownService(module.Service))
            {
                services.Add(module.Service);
            }

            for (var i = 0; i < module.Routes.Count; i++)
            {
                routes.Add(new RouteConfig
                {
                    RouteId = $"{module.Name}/{i}",
                    ClusterId = cluster,
                    Match = new RouteMatch { Path = module.Routes[i] },
                    Metadata = new Dictionary<string, string> { [ModuleMetadataKey] = module.Name },
                    AuthorizationPolicy = RequiresJwt(edge, module.Name) ? EdgeSecurityExtensions.JwtPolicy : null,
                    RateLimiterPolicy = RateLimitPolicy(edge, module.Name),
                    MaxRequestBodySize = edge.MaxRequestBodySize,
                });
            }

            // The monolith's calls to the module's facade: routed as the module is, without the JWT and the client limits
            // (the service key stands in for both, see EstateCallsMiddleware).
            if (edge.FacadePath.Length > 0)
            {
                routes.Add(new RouteConfig
                {
                    RouteId = $"{module.Name}/facade",
                    ClusterId = cluster,
                    Match = new RouteMatch { Path = edge.FacadePath.Replace("{module}", module.Name, StringComparison.Ordinal) + "/{**operation}" },
                    Order = -1,
                    Metadata = new Dictionary<string, string> { [ModuleMetadataKey] = module.Name, [InternalMetadataKey] = EstateCalls.Facade },
                    MaxRequestBodySize = edge.MaxRequestBodySize,
                });
            }
        }

        for (var i = 0; i < edge.InternalPaths.Length; i++)
        {
            routes.Add(new RouteConfig
            {
                RouteId = $"internal/{i}",
                ClusterId = plan.Legacy.Service,
                Match = new RouteMatch { Path = edge.InternalPaths[i].TrimEnd('/') + "/{**rest}" },
                Order = -1,
                Metadata = new Dictionary<string, string> { [ModuleMetadataKey] = Unclaimed, [InternalMetadataKey] = EstateCalls.Never },
            });
        }

        routes.Add(new RouteConfig
        {
            RouteId = "unclaimed",
            ClusterId = plan.Legacy.Service,
            Match = new RouteMatch { Path = "/{**catch-all}" },
            // After every module route and every endpoint of the proxy itself.
            Order = int.MaxValue,
            Metadata = new Dictionary<string, string> { [ModuleMetadataKey] = Unclaimed },
            AuthorizationPolicy = edge.Jwt.Enabled && edge.Jwt.RequireForAllRoutes ? EdgeSecurityExtensions.JwtPolicy : null,
            RateLimiterPolicy = RateLimitPolicy(edge, module: null),
            MaxRequestBodySize = edge.MaxRequestBodySize,
        });

        return (routes, services.Select(service => Cluster(service, options)).ToList());
    }

    /// <summary>The clusters requests may need under the plan: the monolith's and those of modules past legacy.</summary>
    public static IEnumerable<string> RequiredClusters(MigrationPlan plan) =>
        plan.Modules.Values
            .Where(m => m.Stage is Stage.Shadow or Stage.Canary or Stage.Extracted or Stage.Retired)
            .Select(m => m.Service)
            .Append(plan.Legacy.Service)
            .Distinct(StringComparer.Ordinal);

    private static bool RequiresJwt(EdgeOptions edge, string module) =>
        edge.Jwt.Enabled && (edge.Jwt.RequireForAllRoutes || edge.Jwt.Modules.Contains(module, StringComparer.Ordinal));

    /// <summary>A module's own limit, else the limit of every route ("*"), else none.</summary>
    private static string? RateLimitPolicy(EdgeOptions edge, string? module) =>
        module is not null && edge.RateLimits.ContainsKey(module) ? EdgeSecurityExtensions.RateLimitPolicy(module)
        : edge.RateLimits.ContainsKey("*") ? EdgeSecurityExtensions.RateLimitPolicy("*")
        : null;

    /// <summary>The cluster a module's routes point at when nothing per-request decides otherwise.</summary>
    public static string DefaultCluster(MigrationPlan plan, ModulePlan module) =>
        module.Stage is Stage.Extracted or Stage.Retired ? module.Service : plan.Legacy.Service;

    private static ClusterConfig Cluster(string service, ProxyRoutingOptions options) => new()
    {
        ClusterId = service,
        LoadBalancingPolicy = options.LoadBalancingPolicy,
        Destinations = new Dictionary<string, DestinationConfig>
        {
            [service] = new() { Address = $"{options.ServiceScheme}://{service}" },
        },
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Path = options.HealthCheckPath,
                Interval = options.HealthCheckInterval,
                Timeout = options.HealthCheckTimeout,
                Policy = "ConsecutiveFailures",
            },
            Passive = new PassiveHealthCheckConfig { Enabled = options.PassiveHealthChecks, Policy = "TransportFailureRate" },
        },
    };
}
