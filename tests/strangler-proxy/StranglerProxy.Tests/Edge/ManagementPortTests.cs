using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Edge;

/// <summary>
/// The front door's public port serves the estate's routes and liveness only: the admin API, the
/// dashboard, metrics, readiness and the OpenAPI document answer on the management port (loopback by
/// default). On the public port those paths are the estate's like any other: the monolith answers them.
/// </summary>
public sealed class ManagementPortTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    [Theory]
    [InlineData("/migration/api/status")]
    [InlineData("/migration/api/dashboard")]
    [InlineData("/migration")]
    [InlineData("/metrics")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task ManagementPaths_OnThePublicPort_AreNotTheProxysOwn(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", ProxyHost.AdminToken);
        // Naming the management port in the Host header changes nothing: the connection decides.
        request.Headers.Host = host.ManagementClient.BaseAddress!.Authority;

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(PlanJson.Legacy, Assert.Single(response.Headers.GetValues("X-Migration-Served-By")));
    }

    [Fact]
    public async Task TheEstatesRoutes_OnTheManagementPort_AreNotServed()
    {
        using var response = await host.ManagementClient.GetAsync("/api/catalog/products", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Migration-Served-By"));
    }

    [Theory]
    [InlineData("/migration/api/status")]
    [InlineData("/migration")]
    [InlineData("/metrics")]
    [InlineData("/health/ready")]
    [InlineData("/health/live")]
    public async Task ManagementPaths_OnTheManagementPort_AreServedByTheProxy(string path)
    {
        using var admin = host.CreateAdminClient();

        using var response = await admin.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Migration-Served-By"), $"{path} was relayed to a backend");
    }

    [Fact]
    public async Task Liveness_AnswersOnThePublicPort()
    {
        using var response = await host.Client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Migration-Served-By"));
    }

    [Fact]
    public void ManagementPort_IsOnLoopbackAndNotThePublicPort()
    {
        var management = host.ManagementClient.BaseAddress!;

        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(management.Host)));
        Assert.NotEqual(host.Client.BaseAddress!.Port, management.Port);
    }
}

/// <summary>With Migration:Dashboard:Public the page and its read-only data answer on the public port too; changes do not.</summary>
public sealed class PublicDashboardTests(PublicDashboardTests.Host host) : IClassFixture<PublicDashboardTests.Host>
{
    [Fact]
    public async Task PublicDashboard_PageAndItsDataOnThePublicPort_ChangesOnlyOnTheManagementPort()
    {
        using var page = await host.Client.GetAsync("/migration", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/migration/api/dashboard");
        request.Headers.Authorization = new("Bearer", ProxyHost.AdminToken);
        using var data = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);

        // Published: anyone reads the status, and is told it cannot change stages from there.
        var anonymous = await host.Client.GetFromJsonAsync<JsonElement>("/migration/api/dashboard", TestContext.Current.CancellationToken);
        Assert.False(anonymous.GetProperty("canChange").GetBoolean());

        using var change = new HttpRequestMessage(HttpMethod.Put, "/migration/api/modules/catalog/stage")
        {
            Content = JsonContent.Create(new { stage = "shadow", reason = "from the public port" }),
        };
        change.Headers.Authorization = new("Bearer", ProxyHost.AdminToken);
        using var refused = await host.Client.SendAsync(change, TestContext.Current.CancellationToken);
        var echo = await refused.Content.ReadFromJsonAsync<BackendEcho>(TestContext.Current.CancellationToken);
        Assert.Equal(PlanJson.Legacy, echo!.Backend);
        Assert.Equal("legacy", host.Plans.Current.Plan.Modules["catalog"].Stage.ToString().ToLowerInvariant());
    }

    public sealed class Host : ProxyHost
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Migration:Dashboard:Public"] = "true" };
    }
}
