using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Dashboard;

/// <summary>What the dashboard page reads: /migration/api/dashboard and /migration/api/coupling, behind the admin token.</summary>
public sealed class DashboardApiTests(DashboardApiTests.Host host) : IClassFixture<DashboardApiTests.Host>
{
    [Fact]
    public async Task Page_IsOneSelfContainedHtmlDocument()
    {
        using var response = await host.ManagementClient.GetAsync("/migration", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<title>Migration dashboard</title>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"https?://", html); // Nothing fetched from elsewhere.
    }

    [Fact]
    public async Task Dashboard_WithoutTheToken_Returns401Problem()
    {
        using var anonymous = host.CreateAdminClient(token: null);

        using var response = await anonymous.GetAsync("/migration/api/dashboard", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dashboard_WithToken_ReportsTrafficFailuresShadowAndHistoryPerModule()
    {
        using var admin = host.CreateAdminClient();
        await host.Client.SendAsync(HttpMethod.Get, "/api/catalog/seen");
        await host.Client.SendAsync(HttpMethod.Get, "/api/catalog/broken?status=503");
        using var change = await admin.PutAsJsonAsync("/migration/api/modules/inventory/stage",
            new { stage = "shadow", reason = "watching the dashboard", actor = "test" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        var dashboard = await admin.GetFromJsonAsync<JsonElement>("/migration/api/dashboard", TestContext.Current.CancellationToken);

        Assert.Equal(host.PlanPath, dashboard.GetProperty("planFile").GetString());
        Assert.Equal(JsonValueKind.Null, dashboard.GetProperty("couplingReportWritten").ValueKind);
        var modules = dashboard.GetProperty("modules").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        var catalog = modules["catalog"];
        Assert.True(catalog.GetProperty("servedByLegacy").GetInt64() >= 2);
        Assert.True(catalog.GetProperty("failed").GetInt64() >= 1);
        Assert.Equal("the module owns no tables", catalog.GetProperty("sync").GetProperty("error").GetString());
        var inventory = modules["inventory"];
        Assert.Equal("shadow", inventory.GetProperty("stage").GetString());
        Assert.False(inventory.GetProperty("shadow").GetProperty("promotion").GetProperty("passed").GetBoolean());
        var latest = inventory.GetProperty("history")[0];
        Assert.Equal(("legacy", "shadow", "watching the dashboard"), (latest.GetProperty("from").GetString(), latest.GetProperty("to").GetString(), latest.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Dashboard_ModuleWithTables_ShowsItsDataSyncLag()
    {
        using var admin = host.CreateAdminClient();

        // The service backend reports its DataSync status (read by the proxy every chart interval): no change pending.
        var sync = await SyncOfAsync(admin, "inventory", s => s.GetProperty("error").GetString() != "not read yet");
        Assert.Equal(JsonValueKind.Null, sync.GetProperty("error").ValueKind);
        Assert.Equal(0, sync.GetProperty("pendingChanges").GetInt32());
    }

    [Fact]
    public async Task Coupling_NotConfigured_Returns404ProblemSayingWhatToSet()
    {
        using var admin = host.CreateAdminClient();

        using var response = await admin.GetAsync("/migration/api/coupling", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Migration:Dashboard:CouplingReport", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_ServiceNobodyRuns_SaysSoInsteadOfFailing()
    {
        using var admin = host.CreateAdminClient();

        var sync = await SyncOfAsync(admin, "customers", s => s.GetProperty("error").GetString() != "not read yet");

        Assert.Equal("customers-service has no healthy destination", sync.GetProperty("error").GetString());
    }

    private static Task<JsonElement> SyncOfAsync(HttpClient admin, string module, Func<JsonElement, bool> condition) =>
        Eventually.MatchAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>("/migration/api/dashboard", TestContext.Current.CancellationToken))
                .GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("name").GetString() == module).GetProperty("sync"),
            condition, $"the proxy has read the DataSync status of {module}");

    /// <summary>
    /// Catalog without tables, inventory with a schema (so its DataSync status is read from its service),
    /// customers with a service that nothing runs yet.
    /// </summary>
    public sealed class Host : ProxyHost
    {
        protected override string InitialPlan => PlanJson.With(
            new ModuleSpec("catalog", Service, "legacy"),
            new ModuleSpec("inventory", Service, "legacy") { Tables = new { schema = "inventory" } },
            new ModuleSpec("customers", "customers-service", "legacy") { Tables = new { schema = "customers" } });

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Migration:Dashboard:ChartInterval"] = "00:00:00.200",
        };
    }
}

/// <summary>A configured coupling report that appears and is rewritten while the dashboard is open.</summary>
public sealed class DashboardCouplingTests(DashboardCouplingTests.Host host) : IClassFixture<DashboardCouplingTests.Host>
{
    [Fact]
    public async Task CouplingReport_AppearsAndIsRewritten_TheDashboardSaysWhenSoThePageFetchesItAgain()
    {
        using var admin = host.CreateAdminClient();
        Assert.Equal(JsonValueKind.Null, (await WrittenAsync(admin)).ValueKind);

        await File.WriteAllTextAsync(host.ReportPath, "<p>state 1</p>", TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(host.ReportPath, new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc));
        var first = (await WrittenAsync(admin)).GetDateTime();
        Assert.Equal("<p>state 1</p>", await admin.GetStringAsync("/migration/api/coupling", TestContext.Current.CancellationToken));

        await File.WriteAllTextAsync(host.ReportPath, "<p>state 2</p>", TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(host.ReportPath, new DateTime(2026, 12, 1, 10, 5, 0, DateTimeKind.Utc));

        Assert.True((await WrittenAsync(admin)).GetDateTime() > first);
        Assert.Equal("<p>state 2</p>", await admin.GetStringAsync("/migration/api/coupling", TestContext.Current.CancellationToken));
    }

    private static async Task<JsonElement> WrittenAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/migration/api/dashboard", TestContext.Current.CancellationToken)).GetProperty("couplingReportWritten");

    public sealed class Host : ProxyHost
    {
        public string ReportPath => Path.Combine(Path.GetDirectoryName(PlanPath)!, "coupling.html");

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Migration:Dashboard:CouplingReport"] = ReportPath,
        };
    }
}
