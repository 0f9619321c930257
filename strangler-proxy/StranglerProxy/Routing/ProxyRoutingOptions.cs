namespace StranglerProxy.Routing;

/// <summary>How the proxy reaches services (section "Migration:Proxy").</summary>
public sealed record ProxyRoutingOptions
{
    public const string SectionName = "Migration:Proxy";

    /// <summary>YARP load-balancing policy across a service's replicas.</summary>
    public string LoadBalancingPolicy { get; init; } = "PowerOfTwoChoices";

    /// <summary>
    /// What the active health checks probe on each destination's traffic port: liveness, the one health
    /// endpoint a host serves there (readiness, with its details, is on the host's management port).
    /// </summary>
    public string HealthCheckPath { get; init; } = "/health/live";

    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether failed forwards (connection errors, timeouts) take a destination out of rotation.</summary>
    public bool PassiveHealthChecks { get; init; } = true;

    /// <summary>URI scheme used to resolve service names through service discovery ("http", or "https+http").</summary>
    public string ServiceScheme { get; init; } = "http";
}
