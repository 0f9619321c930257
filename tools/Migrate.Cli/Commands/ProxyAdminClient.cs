using Contracts.Admin;
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
        _client = new HttpClient { BaseAddress = new Uri(address, AdminPaths.Root.TrimStart('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
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

    /// <summary>
    /// Sends the request; a 2xx answer read as the shared contract <typeparamref name="T"/>, or, otherwise,
    /// the status and the problem the proxy sent.
    /// </summary>
    public async Task<(HttpStatusCode Status, T? Body, JsonElement Problem)> SendAsync<T>(HttpMethod method, string path, object? body = null)
        where T : class
    {
        var (status, json) = await SendAsync(method, path, body);
        return (int)status is >= 200 and < 300 && json.ValueKind == JsonValueKind.Object
            ? (status, json.Deserialize<T>(Contract), default)
            : (status, null, json);
    }

    private static readonly JsonSerializerOptions Contract = new(JsonSerializerDefaults.Web);

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;

    public void Dispose() => _client.Dispose();
}
