using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Shadow;

/// <summary>Shadow -> canary only with enough comparisons and few enough mismatches; forcing it is possible and audited.</summary>
public sealed class PromotionGateTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    private static readonly object Gate = new { promotion = new { minComparisons = 5, maxMismatchRate = 0.2 } };

    /// <summary>A fresh shadow period: out of shadow and back in, which starts the counts afresh.</summary>
    private async Task FreshShadowAsync()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy") { Shadow = Gate }));
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "shadow") { Shadow = Gate }));
    }

    /// <summary>Five comparisons of <paramref name="path"/> with these answers, recorded before the test goes on.</summary>
    private Task ComparedFiveTimesAsync(string path, string legacyJson, string serviceJson) => ComparedAsync(path, legacyJson, serviceJson, 5, 5);

    /// <summary><paramref name="times"/> more comparisons of <paramref name="path"/> with these answers, <paramref name="total"/> on its route once recorded.</summary>
    private async Task ComparedAsync(string path, string legacyJson, string serviceJson, int times, long total)
    {
        host.LegacyBackend.Answer(path, legacyJson);
        host.ServiceBackend.Answer(path, serviceJson);
        await host.GetServedByLegacyAsync(path, times);
        await host.RouteAsync($"GET {path}", compared: total);
    }

    private async Task<JsonNode> LastAuditEntryAsync()
    {
        using var admin = host.CreateAdminClient();
        return (await admin.GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!.Last()!;
    }

    private async Task<HttpResponseMessage> PromoteAsync(bool force = false)
    {
        using var admin = host.CreateAdminClient(ProxyHost.TokenOf("carol"));
        return await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "canary", percent = 10, reason = "promote", force }, TestContext.Current.CancellationToken);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["detail"]!.GetValue<string>();

    [Fact]
    public async Task Promote_TooFewComparisons_Is409SayingWhyAndChangesNothing()
    {
        await FreshShadowAsync();
        var before = await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken);

        using var response = await PromoteAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.StartsWith("Only 0 comparison(s) of catalog since ", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Promote_AfterEnoughMatchingComparisons_Passes()
    {
        await FreshShadowAsync();
        await ComparedFiveTimesAsync("/api/catalog/gate-ok", """{ "id": 1 }""", """{ "id": 1 }""");

        using var response = await PromoteAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Stage.Canary, host.Plans.Current.Plan.Modules["catalog"].Stage);
        var entry = await LastAuditEntryAsync();
        Assert.False(entry["forced"]!.GetValue<bool>());
        Assert.Equal("promote", entry["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Promote_TooManyMismatches_IsRefusedUnlessForcedAndTheForceIsAudited()
    {
        await FreshShadowAsync();
        await ComparedFiveTimesAsync("/api/catalog/gate-bad", """{ "id": 1 }""", """{ "id": 2 }""");

        using var refused = await PromoteAsync();
        using var forced = await PromoteAsync(force: true);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("5 of 5 comparison(s) of catalog mismatched or failed (100.00 %), over the 20.00 %", await DetailAsync(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        var entry = await LastAuditEntryAsync();
        Assert.True(entry["forced"]!.GetValue<bool>());
        Assert.Equal("carol", entry["actor"]!.GetValue<string>());
        Assert.StartsWith("promote [forced past the promotion gate: 5 of 5 comparison(s)", entry["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_AFloodOfMatchesOnOneRoute_DoesNotOutvoteAnotherRoutesMismatches()
    {
        await FreshShadowAsync();
        // 5 of 50 comparisons mismatched (10 %, within the 20 % allowed in all), every one of them on one route: 5 of its 10.
        await ComparedAsync("/api/catalog/gate-cheap", """{ "id": 1 }""", """{ "id": 1 }""", 40, 40);
        await ComparedAsync("/api/catalog/gate-half", """{ "id": 1 }""", """{ "id": 1 }""", 5, 5);
        await ComparedAsync("/api/catalog/gate-half", """{ "id": 1 }""", """{ "id": 2 }""", 5, 10);

        using var refused = await PromoteAsync();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("5 of 10 comparison(s) of GET /api/catalog/gate-half mismatched or failed (50.00 %), over the 20.00 % the promotion gate allows on any route",
            await DetailAsync(refused), StringComparison.Ordinal);
        Assert.Equal(Stage.Shadow, host.Plans.Current.Plan.Modules["catalog"].Stage);
    }

    [Fact]
    public async Task Promote_AFailureOnARouteWithTooFewComparisonsToWeigh_KeepsTheGateShut()
    {
        await FreshShadowAsync();
        await ComparedAsync("/api/catalog/gate-plenty", """{ "id": 1 }""", """{ "id": 1 }""", 40, 40);
        await ComparedAsync("/api/catalog/gate-rare", """{ "id": 1 }""", """{ "id": 2 }""", 2, 2);

        using var refused = await PromoteAsync();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("2 of 2 comparison(s) of GET /api/catalog/gate-rare mismatched or failed; a route needs at least 10 comparisons",
            await DetailAsync(refused), StringComparison.Ordinal);
    }
}
