using Contracts.Estate;

namespace ServiceDefaults.ServiceKeys;

/// <summary>Adds the estate's service key to every request of an HttpClient made for the estate's own calls.</summary>
internal sealed class ServiceKeyHandler(ServiceKey? key) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (key is not null)
        {
            request.Headers.Remove(ServiceKey.Header);
            request.Headers.Add(ServiceKey.Header, key.Value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
