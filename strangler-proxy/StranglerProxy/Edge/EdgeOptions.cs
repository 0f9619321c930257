namespace StranglerProxy.Edge;

/// <summary>What the front door enforces before a request reaches any backend (section "Migration:Edge").</summary>
public sealed record EdgeOptions
{
    public const string SectionName = "Migration:Edge";

    public JwtOptions Jwt { get; init; } = new();

    /// <summary>Fixed-window limits per client address: "*" for every route, or a module name.</summary>
    public Dictionary<string, RateLimitOptions> RateLimits { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Largest request body accepted on proxied routes, in bytes; null keeps the server default (30 MB).</summary>
    public long? MaxRequestBodySize { get; init; }

    /// <summary>
    /// Where every module's facade answers, "{module}" standing for the module's name: the estate's own calls
    /// (the monolith asking a module through the front door). Let through only with the estate's service key,
    /// and then neither the JWT nor the rate limits apply; 404 without it. Empty: no facade passes at all.
    /// </summary>
    public string FacadePath { get; init; } = "/api/{module}/facade";

    /// <summary>
    /// The proxies and load balancers in front of this one, by address ("10.0.0.5") or network ("10.0.0.0/8"): only
    /// their X-Forwarded-For and X-Forwarded-Proto are believed, and the client they name is then the client (its
    /// canary key "client-address", its rate limit, the logs). From any other peer those headers change nothing.
    /// Empty: the connection's own peer is the client.
    /// </summary>
    public string[] TrustedProxies { get; init; } = [];

    /// <summary>Paths of the estate's own endpoints that the front door never serves (404), key or not: event inboxes, DataSync.</summary>
    public string[] InternalPaths { get; init; } = ["/integration-events", "/datasync", "/hangfire"];
}

/// <summary>
/// Optional JWT bearer validation. With an Authority (or Issuer + SigningKey) configured, the routes of
/// <see cref="Modules"/> (or every route when <see cref="RequireForAllRoutes"/>) need a valid token; the
/// token itself is forwarded unchanged, so the monolith and the extracted service see the same user.
/// </summary>
public sealed record JwtOptions
{
    public string? Authority { get; init; }

    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    /// <summary>A symmetric signing key (base64), for environments without an identity provider.</summary>
    public string? SigningKey { get; init; }

    public bool RequireForAllRoutes { get; init; }

    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>Lets the Authority's metadata be fetched over plain HTTP (a test identity provider); never for production.</summary>
    public bool AllowHttpMetadata { get; init; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}

public sealed record RateLimitOptions
{
    public int PermitLimit { get; init; } = 100;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(1);
}
