using System.Net;
using System.Net.Http.Json;

namespace StranglerProxy.Tests.Infrastructure;

public static class ProxyRequests
{
    public sealed record Served(HttpStatusCode Status, string? ServedBy, BackendEcho? Echo);

    /// <summary>Sends a request through the proxy; reports the status, the served-by header and the backend's echo.</summary>
    public static async Task<Served> SendAsync(
        this HttpClient client, HttpMethod method, string path, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (method != HttpMethod.Get && method != HttpMethod.Head)
        {
            request.Content = JsonContent.Create(new { });
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var servedBy = response.Headers.TryGetValues("X-Migration-Served-By", out var values) ? values.Single() : null;
        var echo = response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync<BackendEcho>(TestContext.Current.CancellationToken)
            : null;
        return new Served(response.StatusCode, servedBy, echo);
    }

    public static Task<Served> GetAsUserAsync(this HttpClient client, string path, string user) =>
        client.SendAsync(HttpMethod.Get, path, new Dictionary<string, string> { ["X-User-Id"] = user });
}
