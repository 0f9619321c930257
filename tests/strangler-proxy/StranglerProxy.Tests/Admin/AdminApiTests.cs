using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Admin;

public sealed class AdminApiTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task AdminApi_WithoutTheRightToken_Returns401(string? token)
    {
        using var admin = host.CreateAdminClient(token);

        using var status = await admin.GetAsync("/migration/api/status", TestContext.Current.CancellationToken);
        using var change = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "extracted", reason = "should not happen" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, change.StatusCode);
        Assert.Equal("legacy", host.Plans.Current.Plan.Modules["catalog"].Stage.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task Status_WithToken_ReportsPlanModulesAndRequestCounts()
    {
        await host.Client.SendAsync(HttpMethod.Get, "/api/catalog/counted");
        using var admin = host.CreateAdminClient();

        var status = await admin.GetFromJsonAsync<JsonElement>("/migration/api/status", TestContext.Current.CancellationToken);

        Assert.Equal(host.PlanPath, status.GetProperty("plan").GetProperty("file").GetString());
        var catalog = status.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "catalog");
        Assert.True(catalog.GetProperty("requests").GetProperty("legacy").GetInt64() >= 1);
        var destination = catalog.GetProperty("destinations").EnumerateArray().First();
        Assert.Equal("legacy", destination.GetProperty("cluster").GetString());
        Assert.Equal(host.LegacyBackend.Address.ToString(), destination.GetProperty("address").GetString());
    }

    [Fact]
    public async Task ChangeStage_Valid_WritesThePlanAtomicallyAuditsAndRoutes()
    {
        var otherContentBefore = JsonDocument.Parse(await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken))
            .RootElement.GetProperty("legacy").GetRawText();
        // The audit names the token's holder; an "actor" in the body has no say.
        using var admin = host.CreateAdminClient(ProxyHost.TokenOf("alice"));

        using var response = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "canary", percent = 100, reason = "first readers", actor = "mallory", force = true }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = JsonDocument.Parse(await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("canary", plan.GetProperty("modules").GetProperty("catalog").GetProperty("stage").GetString());
        Assert.Equal(100, plan.GetProperty("modules").GetProperty("catalog").GetProperty("canary").GetProperty("percent").GetDouble());
        Assert.Equal(otherContentBefore, plan.GetProperty("legacy").GetRawText());
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(host.PlanPath)!, "*.tmp"));
        Assert.Equal("extracted", (await host.Client.GetAsUserAsync("/api/catalog/x", "u1")).ServedBy);

        var audit = await admin.GetFromJsonAsync<JsonElement[]>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken);
        var entry = audit!.Last();
        Assert.Equal("alice", entry.GetProperty("actor").GetString());
        Assert.Equal("legacy", entry.GetProperty("from").GetString());
        Assert.Equal("canary", entry.GetProperty("to").GetString());
        Assert.StartsWith("first readers [forced past the promotion gate: ", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(entry.GetProperty("forced").GetBoolean());
        Assert.True(File.Exists(host.AuditPath));

        using var back = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "legacy", reason = "roll back" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    [Theory]
    [InlineData("""{ "stage": "sideways", "reason": "x" }""", "stage")]
    [InlineData("""{ "stage": "canary", "percent": 101, "reason": "x" }""", "percent")]
    [InlineData("""{ "stage": "extracted" }""", "reason")]
    public async Task ChangeStage_InvalidRequest_Returns400AndWritesNothing(string body, string field)
    {
        var before = await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken);
        using var admin = host.CreateAdminClient();

        using var response = await admin.PutAsync("/migration/api/modules/catalog/stage",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ChangeStage_CanaryWithoutPercent_IsRejectedWithThePlanPath()
    {
        var before = await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken);
        using var admin = host.CreateAdminClient();

        using var response = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "canary", reason = "forgot the percent", force = true }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.modules.catalog.canary", out _), problem.ToString());
        Assert.Equal(before, await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ChangeStage_UnknownModule_Returns404()
    {
        using var admin = host.CreateAdminClient();

        using var response = await admin.PutAsJsonAsync("/migration/api/modules/nothing/stage",
            new { stage = "extracted", reason = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>With no admin token configured the admin API does not exist: off, not open.</summary>
public sealed class AdminApiOffTests(AdminApiOffTests.NoTokenHost host) : IClassFixture<AdminApiOffTests.NoTokenHost>
{
    [Fact]
    public async Task AdminApi_NoTokenConfigured_IsNotServed()
    {
        using (var management = await host.ManagementClient.GetAsync("/migration/api/status", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, management.StatusCode);
        }

        using var response = await host.Client.GetAsync("/migration/api/status", TestContext.Current.CancellationToken);

        // The path falls through to the catch-all route: the monolith answers, the proxy exposes nothing.
        var echo = await response.Content.ReadFromJsonAsync<BackendEcho>(TestContext.Current.CancellationToken);
        Assert.Equal("legacy", echo!.Backend);
    }

    public sealed class NoTokenHost : ProxyHost
    {
        protected override string? ConfiguredAdminToken => null;
    }
}
