using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace ServiceDefaults.Management;

/// <summary>
/// Takes <see cref="ManagementOnly"/> endpoints out of the candidates of a request that did not come in on
/// the management port: on the public port they do not exist (404, or the next route, such as the proxy's
/// catch-all, which the backend then answers). Routes without such endpoints never reach this policy.
/// </summary>
internal sealed class ManagementOnlyMatcherPolicy(ManagementPort port) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(endpoint => endpoint.Metadata.GetMetadata<ManagementOnly>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        if (port.IsManagementRequest(httpContext))
        {
            return Task.CompletedTask;
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Endpoint.Metadata.GetMetadata<ManagementOnly>() is not null)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
