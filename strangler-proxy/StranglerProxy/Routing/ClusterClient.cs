using Yarp.ReverseProxy;

namespace StranglerProxy.Routing;

/// <summary>
/// Requests of the proxy's own (mirrored requests, the monolith's second answer, DataSync status) sent
/// to a cluster the way YARP forwards: one of its healthy destinations, through its HTTP client.
/// </summary>
internal sealed class ClusterClient(IProxyStateLookup proxyState)
{
    private int _next;

    /// <summary>Sends <paramref name="request"/> (with a path-and-query URI) to the cluster; null when it has no healthy destination.</summary>
    public async Task<HttpResponseMessage?> SendAsync(string cluster, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!proxyState.TryGetCluster(cluster, out var state) || state.DestinationsState.AvailableDestinations is not { Count: > 0 } available)
        {
            return null;
        }

        var destination = available[(int)((uint)Interlocked.Increment(ref _next) % (uint)available.Count)].Model.Config;
        request.RequestUri = new Uri(destination.Address.TrimEnd('/') + request.RequestUri!.OriginalString);
        if (!string.IsNullOrEmpty(destination.Host))
        {
            request.Headers.Host = destination.Host;
        }

        return await state.Model.HttpClient.SendAsync(request, cancellationToken);
    }
}
