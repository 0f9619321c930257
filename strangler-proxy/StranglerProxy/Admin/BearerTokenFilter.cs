using System.Security.Cryptography;
using System.Text;

namespace StranglerProxy.Admin;

/// <summary>Lets a request through only with "Authorization: Bearer {the configured admin token}".</summary>
internal sealed class BearerTokenFilter(string token) : IEndpointFilter
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token))
        {
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            presented.Length == 0 ? "The admin API needs 'Authorization: Bearer <token>'." : "The bearer token is not the admin token.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized");
    }
}
