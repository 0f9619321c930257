namespace StranglerProxy.Admin;

/// <summary>Lets a request through only with "Authorization: Bearer {a configured admin token}", and records whose it is.</summary>
internal sealed class BearerTokenFilter(AdminTokens tokens) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (presented.Length > 0 && tokens.NameOf(presented) is { } name)
        {
            context.HttpContext.Features.Set(new AdminCaller(name));
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            presented.Length == 0 ? "The admin API needs 'Authorization: Bearer <token>'." : "The bearer token is not the admin token.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized");
    }
}
