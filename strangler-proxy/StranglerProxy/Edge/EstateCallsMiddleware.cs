using Contracts.Estate;
using StranglerProxy.Routing;
using Yarp.ReverseProxy;

namespace StranglerProxy.Edge;

/// <summary>
/// Keeps the estate's own endpoints internal. A module's facade passes only with the estate's service key (the
/// monolith's calls at canary); the other internal paths never pass. Either way a caller without the key learns
/// nothing: 404, as if there were nothing there. On every other route the key is taken off the request, so it never
/// travels with a client's request.
/// </summary>
internal sealed class EstateCallsMiddleware(RequestDelegate next, IConfiguration configuration)
{
    private readonly ServiceKey? _key = ServiceKey.From(configuration);

    public Task InvokeAsync(HttpContext context)
    {
        var kind = context.GetReverseProxyFeature().Route.Config.Metadata?.GetValueOrDefault(ProxyConfigFactory.InternalMetadataKey);
        if (kind is null)
        {
            context.Request.Headers.Remove(ServiceKey.Header);
            return next(context);
        }

        return kind == EstateCalls.Facade && _key is not null && _key.IsCarriedBy(context.Request)
            ? next(context)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
    }
}
