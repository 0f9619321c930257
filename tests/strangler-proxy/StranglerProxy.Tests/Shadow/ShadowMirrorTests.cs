using System.Net;
using System.Text.Json.Nodes;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Shadow;

/// <summary>In shadow the monolith serves; the service gets a copy of each safe request, and the answers are compared.</summary>
public sealed class ShadowMirrorTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    private Task ShadowAsync(object? shadow = null) =>
        host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "shadow") { Shadow = shadow }));

    [Fact]
    public async Task Get_SameAnswerFromBoth_CountsAsMatches()
    {
        await ShadowAsync();
        host.LegacyBackend.Answer("/api/catalog/same", """{ "id": 1, "price": 9.90, "tags": ["a", "b"] }""");
        host.ServiceBackend.Answer("/api/catalog/same", """{"tags":["a","b"],"price":9.9,"id":1}""");

        await host.GetServedByLegacyAsync("/api/catalog/same", 5);

        var route = await host.RouteAsync("GET /api/catalog/same", compared: 5);
        Assert.Equal((5, 0, 0), (route["matched"]!.GetValue<long>(), route["mismatched"]!.GetValue<long>(), route["errors"]!.GetValue<long>()));
        Assert.Empty(route["lastMismatches"]!.AsArray());
    }

    [Fact]
    public async Task Get_InjectedDifference_IsReportedByPathWithSecretsRedacted()
    {
        await ShadowAsync(new { redact = new[] { "$..email" } });
        host.LegacyBackend.Answer("/api/catalog/differs", """{ "id": 1, "price": 10, "owner": { "email": "alice@example.org" } }""");
        host.ServiceBackend.Answer("/api/catalog/differs", """{ "id": 1, "price": 12, "owner": { "email": "bob@example.org" } }""");

        await host.GetServedByLegacyAsync("/api/catalog/differs", 1, new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer top-secret-token", ["Cookie"] = "session=secret-cookie", ["X-Request-Id"] = "r-1",
        });

        var route = await host.RouteAsync("GET /api/catalog/differs", compared: 1);
        Assert.Equal(1, route["mismatched"]!.GetValue<long>());
        var mismatch = route["lastMismatches"]!.AsArray().Single()!;
        var differences = mismatch["differences"]!.AsArray().Select(d => (d!["path"]!.GetValue<string>(), d["legacy"]!.GetValue<string>(), d["extracted"]!.GetValue<string>())).ToList();
        Assert.Equal([("$.price", "10", "12"), ("$.owner.email", "[redacted]", "[redacted]")], differences);
        Assert.Equal("[redacted]", mismatch["requestHeaders"]!["Authorization"]!.GetValue<string>());
        Assert.Equal("[redacted]", mismatch["requestHeaders"]!["Cookie"]!.GetValue<string>());
        Assert.Equal("r-1", mismatch["requestHeaders"]!["X-Request-Id"]!.GetValue<string>());
        var text = (await host.ReportAsync()).ToJsonString();
        Assert.DoesNotContain("top-secret-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-cookie", text, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoiseFilterOn_FieldsTheMonolithChangesItselfAreNoiseNotMismatches()
    {
        await ShadowAsync(new { noiseFilter = true });
        host.LegacyBackend.Answer("/api/catalog/noisy", """{ "id": 1, "generatedAt": "{{random}}" }""");
        host.ServiceBackend.Answer("/api/catalog/noisy", """{ "id": 1, "generatedAt": "{{random}}" }""");
        host.LegacyBackend.Answer("/api/catalog/noisy-and-wrong", """{ "id": 1, "generatedAt": "{{random}}", "price": 1 }""");
        host.ServiceBackend.Answer("/api/catalog/noisy-and-wrong", """{ "id": 1, "generatedAt": "{{random}}", "price": 2 }""");

        await host.GetServedByLegacyAsync("/api/catalog/noisy", 3);
        await host.GetServedByLegacyAsync("/api/catalog/noisy-and-wrong", 1);

        var noisy = await host.RouteAsync("GET /api/catalog/noisy", compared: 3);
        Assert.Equal(3, noisy["matched"]!.GetValue<long>());
        Assert.Equal(["$.generatedAt"], noisy["noise"]!.AsArray().Select(n => n!.GetValue<string>()));
        var wrong = await host.RouteAsync("GET /api/catalog/noisy-and-wrong", compared: 1);
        var difference = Assert.Single(wrong["lastMismatches"]!.AsArray().Single()!["differences"]!.AsArray());
        Assert.Equal("$.price", difference!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_NoiseFilterOff_AChangingFieldIsAMismatch()
    {
        await ShadowAsync();
        host.LegacyBackend.Answer("/api/catalog/unfiltered", """{ "id": 1, "generatedAt": "{{random}}" }""");
        host.ServiceBackend.Answer("/api/catalog/unfiltered", """{ "id": 1, "generatedAt": "{{random}}" }""");

        await host.GetServedByLegacyAsync("/api/catalog/unfiltered", 1);

        var route = await host.RouteAsync("GET /api/catalog/unfiltered", compared: 1);
        Assert.Equal(1, route["mismatched"]!.GetValue<long>());
    }

    [Fact]
    public async Task Get_IgnoredPathsUnorderedArraysAndTolerance_FromThePlan_Match()
    {
        await ShadowAsync(new { ignore = new[] { "$.generatedAt" }, unorderedArrays = new[] { "$.items" }, numericTolerance = 0.01 });
        host.LegacyBackend.Answer("/api/catalog/normalized", """{ "generatedAt": "monday", "items": [{ "id": 1 }, { "id": 2 }], "total": 10.004 }""");
        host.ServiceBackend.Answer("/api/catalog/normalized", """{ "generatedAt": "tuesday", "items": [{ "id": 2 }, { "id": 1 }], "total": 10 }""");

        await host.GetServedByLegacyAsync("/api/catalog/normalized", 2);

        var route = await host.RouteAsync("GET /api/catalog/normalized", compared: 2);
        Assert.Equal(2, route["matched"]!.GetValue<long>());
    }

    [Fact]
    public async Task WritesAndRoutesOutsideTheShadowPlan_AreNeverMirrored()
    {
        await ShadowAsync(new { routes = new[] { "/api/catalog/products/{id}" } });
        var mirroredBefore = host.ServiceBackend.MirroredRequests;

        var write = await host.Client.SendAsync(HttpMethod.Post, "/api/catalog/products/1");
        await host.GetServedByLegacyAsync("/api/catalog/other", 1);
        await host.GetServedByLegacyAsync("/api/catalog/products/7", 1);

        Assert.Equal((HttpStatusCode.OK, "legacy"), (write.Status, write.ServedBy));
        var route = await host.RouteAsync("GET /api/catalog/products/{id}", compared: 1);
        Assert.Equal(1, route["compared"]!.GetValue<long>());
        Assert.Equal(mirroredBefore + 1, host.ServiceBackend.MirroredRequests);
        Assert.Null(ShadowReports.RouteOf(await host.ReportAsync(), "GET /api/catalog/other"));
    }
}
