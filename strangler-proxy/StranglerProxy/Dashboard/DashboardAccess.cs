using ServiceDefaults.Management;
using StranglerProxy.Admin;

namespace StranglerProxy.Dashboard;

/// <summary>
/// Who may read the dashboard. Unpublished: an admin token, as for the admin API. Published
/// (Migration:Dashboard:Public): anyone, as nobody's, with a token only on the management port. On the public
/// port a token is never even looked at: it can authorise nothing there, and that port must not become a
/// place to try guessed tokens.
/// </summary>
internal sealed class DashboardAccess(AdminTokens tokens, ManagementPort management, bool published) : IEndpointFilter
{
    private readonly BearerTokenFilter _token = new(tokens);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        published && (!management.IsManagementRequest(context.HttpContext) || context.HttpContext.Request.Headers.Authorization.Count == 0)
            ? next(context)
            : _token.InvokeAsync(context, next);

    /// <summary>Whether the caller gave an admin token: it sees everything, and on the management port may change stages.</summary>
    public static bool IsAdmin(HttpContext context) => context.Features.Get<AdminCaller>() is not null;
}
