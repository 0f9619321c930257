using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Contracts.Estate;
using ServiceDefaults.ServiceKeys;

namespace Microsoft.Extensions.DependencyInjection;

public static class ServiceKeyExtensions
{
    /// <summary>The client's requests carry the estate's service key (when one is configured): for calls to facades, inboxes and DataSync.</summary>
    public static IHttpClientBuilder AddServiceKey(this IHttpClientBuilder http) =>
        http.AddHttpMessageHandler(services => new ServiceKeyHandler(ServiceKey.From(services.GetRequiredService<IConfiguration>())));

    /// <summary>The endpoint answers only requests that carry <paramref name="key"/>; the others get a 401 problem.</summary>
    public static TBuilder RequireServiceKey<TBuilder>(this TBuilder builder, ServiceKey key)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) => key.IsCarriedBy(context.HttpContext.Request) ? await next(context) : ServiceKey.Refusal());
}
