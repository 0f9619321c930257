using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.Tokens;

namespace StranglerProxy.Edge;

/// <summary>JWT validation, rate limits and body-size limits at the edge, as an API gateway applies them.</summary>
internal static class EdgeSecurityExtensions
{
    public const string JwtPolicy = "migration-jwt";

    /// <summary>Name of the rate-limiter policy of a module, or of every route ("*").</summary>
    public static string RateLimitPolicy(string scope) => $"migration-rate:{scope}";

    public static void AddEdgeSecurity(this IServiceCollection services, EdgeOptions edge)
    {
        _ = TrustedNetworks(edge);
        if (edge.Jwt.Enabled)
        {
            RequireSafeJwt(edge.Jwt);
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
            {
                jwt.Authority = edge.Jwt.Authority;
                jwt.Audience = edge.Jwt.Audience;
                jwt.RequireHttpsMetadata = !edge.Jwt.AllowHttpMetadata;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = edge.Jwt.Issuer,
                    ValidateIssuer = !string.IsNullOrWhiteSpace(edge.Jwt.Issuer) || !string.IsNullOrWhiteSpace(edge.Jwt.Authority),
                    ValidAudience = edge.Jwt.Audience,
                    ValidateAudience = !string.IsNullOrWhiteSpace(edge.Jwt.Audience),
                    IssuerSigningKey = string.IsNullOrWhiteSpace(edge.Jwt.SigningKey)
                        ? null
                        : new SymmetricSecurityKey(Convert.FromBase64String(edge.Jwt.SigningKey)),
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
            services.AddAuthorizationBuilder().AddPolicy(JwtPolicy, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser());
        }

        // Without JWT no authorization services are registered at all: WebApplication would otherwise
        // put authorization middleware in front of every request.

        if (edge.RateLimits.Count == 0)
        {
            return;
        }

        services.AddRateLimiter(limiter =>
        {
            foreach (var (scope, limit) in edge.RateLimits)
            {
                limiter.AddPolicy(RateLimitPolicy(scope), context => RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 }));
            }

            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = "The rate limit of this route is reached; retry after the time in Retry-After.",
                    },
                });
            };
        });
    }

    /// <summary>
    /// A token checked against no audience would let in a token minted for any other API of the same issuer, and
    /// one checked against no issuer any token signed with the key: refused at start-up, as is metadata over plain
    /// HTTP without the explicit opt-in.
    /// </summary>
    private static void RequireSafeJwt(JwtOptions jwt)
    {
        const string Section = EdgeOptions.SectionName + ":Jwt";
        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            throw new InvalidOperationException($"{Section}:Audience is required with a JWT Authority or SigningKey: without it a token for any other API of the issuer would pass.");
        }

        if (string.IsNullOrWhiteSpace(jwt.Authority) && string.IsNullOrWhiteSpace(jwt.Issuer))
        {
            throw new InvalidOperationException($"{Section}:Issuer is required with a SigningKey (an Authority names its issuer itself): without it a token of any issuer signed with the key would pass.");
        }

        if (jwt.Authority?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true && !jwt.AllowHttpMetadata)
        {
            throw new InvalidOperationException($"{Section}:Authority {jwt.Authority} serves its signing keys over plain HTTP, where anyone on the way can replace them; use https, or set {Section}:AllowHttpMetadata for a test identity provider.");
        }
    }

    /// <summary>The configured trusted proxies as networks (an address is a network of one); a bad entry fails start-up naming it.</summary>
    private static IReadOnlyList<System.Net.IPNetwork> TrustedNetworks(EdgeOptions edge) =>
    [
        .. edge.TrustedProxies.Select((entry, i) =>
            System.Net.IPNetwork.TryParse(entry.Contains('/', StringComparison.Ordinal) ? entry : $"{entry}/{(entry.Contains(':', StringComparison.Ordinal) ? 128 : 32)}", out var network)
                ? network
                : throw new InvalidOperationException($"{EdgeOptions.SectionName}:TrustedProxies:{i} '{entry}' is neither an address (10.0.0.5) nor a network (10.0.0.0/8).")),
    ];

    /// <summary>Adds only the middleware the configured rules need: each costs every request something.</summary>
    public static void UseEdgeSecurity(this WebApplication app, EdgeOptions edge)
    {
        if (edge.TrustedProxies.Length > 0)
        {
            // Only the configured peers: ASP.NET Core would otherwise trust loopback by default.
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = null };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in TrustedNetworks(edge))
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            app.UseForwardedHeaders(forwarded);
        }

        if (edge.Jwt.Enabled)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        if (edge.RateLimits.Count > 0)
        {
            app.UseRateLimiter();
        }
    }
}
