using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
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
        if (edge.Jwt.Enabled)
        {
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
            {
                jwt.Authority = edge.Jwt.Authority;
                jwt.Audience = edge.Jwt.Audience;
                jwt.RequireHttpsMetadata = edge.Jwt.Authority?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
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

    /// <summary>Adds only the middleware the configured rules need: each costs every request something.</summary>
    public static void UseEdgeSecurity(this WebApplication app, EdgeOptions edge)
    {
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
