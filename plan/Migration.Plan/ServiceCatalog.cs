namespace Plan;

/// <summary>
/// What the reader of a plan knows about services: whether it can reach one, and what to tell the
/// operator when it cannot. A module past 'legacy' must name a reachable service.
/// </summary>
public sealed record ServiceCatalog(Func<string, bool> IsKnown, Func<string, string> WhyUnknown)
{
    /// <summary>For readers that never call a service (analysis, tests): every name is fine.</summary>
    public static ServiceCatalog Any { get; } = new(_ => true, service => $"Service '{service}' is unknown.");
}
