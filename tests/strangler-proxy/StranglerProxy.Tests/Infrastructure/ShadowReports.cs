using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace StranglerProxy.Tests.Infrastructure;

/// <summary>Reads what shadowing found through the admin API, as an operator would.</summary>
public static class ShadowReports
{
    public static async Task<JsonObject> ReportAsync(this ProxyHost host)
    {
        using var admin = host.CreateAdminClient();
        return (await admin.GetFromJsonAsync<JsonObject>("/migration/api/modules/catalog/shadow", TestContext.Current.CancellationToken))!;
    }

    /// <summary>Polls the report until <paramref name="route"/> has <paramref name="compared"/> comparisons; returns that route's entry.</summary>
    public static async Task<JsonObject> RouteAsync(this ProxyHost host, string route, long compared)
    {
        var report = await Eventually.MatchAsync(host.ReportAsync, r => Compared(r, route) >= compared, $"{compared} comparison(s) of {route}");
        return RouteOf(report, route)!;
    }

    public static JsonObject? RouteOf(JsonObject report, string route) =>
        report["routes"]!.AsArray().Select(r => r!.AsObject()).SingleOrDefault(r => r["route"]!.GetValue<string>() == route);

    private static long Compared(JsonObject report, string route) => RouteOf(report, route)?["compared"]!.GetValue<long>() ?? 0;

    /// <summary>Sends <paramref name="count"/> GETs of <paramref name="path"/> and checks the monolith answered each.</summary>
    public static async Task GetServedByLegacyAsync(this ProxyHost host, string path, int count, IReadOnlyDictionary<string, string>? headers = null)
    {
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
            Assert.Equal("legacy", response.Headers.GetValues("X-Migration-Served-By").Single());
        }
    }
}
