using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Migration.Analysis;

namespace Migrate.Cli.Commands;

/// <summary>
/// The proxy's admin API (/migration/api) as the CLI uses it: bearer token from --token or
/// MIGRATE_ADMIN_TOKEN, and refusals turned into one line that says why.
/// </summary>
internal sealed class ProxyAdminClient : IDisposable
{
    public const string TokenVariable = "MIGRATE_ADMIN_TOKEN";

    private readonly HttpClient _client;

    public ProxyAdminClient(string proxy, string? token)
    {
        var address = CommandRunner.HttpAddress("--proxy", proxy);
        token ??= Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new AnalysisException($"The proxy's admin API needs its token: pass --token or set {TokenVariable}.");
        }

        Address = address;
        _client = new HttpClient { BaseAddress = new Uri(address, "migration/api/"), Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Address { get; }

    /// <summary>Sends the request; the answer's JSON and status, or an exception with the proxy's reason.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new AnalysisException($"{Address}: {ex.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var json = text.Length > 0 && IsJson(response) ? JsonDocument.Parse(text).RootElement.Clone() : default;
            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => throw new AnalysisException($"{Address}: the admin token was refused (401)."),
                HttpStatusCode.NotFound when json.ValueKind != JsonValueKind.Object =>
                    throw new AnalysisException($"{Address}: no admin API here (404); is Migration:Admin:Token set on the proxy?"),
                _ => (response.StatusCode, json),
            };
        }
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;

    public void Dispose() => _client.Dispose();
}
