using System.Net;
using System.Net.Sockets;
using System.Text;
using Shop.Host.Tests.Infrastructure;

namespace Shop.Host.Tests.Hosting;

/// <summary>What every host gets from ServiceDefaults, checked on the Shop host.</summary>
[Collection(MetricsScrapeCollection.Name)]
public sealed class ServiceDefaultsTests(SqliteShopHost host) : ShopApiTests(host), IClassFixture<SqliteShopHost>
{
    private HttpClient? _management;

    /// <summary>The host's management port: readiness, metrics and the OpenAPI document answer there only.</summary>
    private HttpClient Management => _management ??= host.CreateManagementClient();

    [Fact]
    public async Task Live_RunningHost_Returns200()
    {
        Assert.Equal(HttpStatusCode.OK, await Client.GetStatusAsync("/health/live"));
    }

    [Fact]
    public async Task Ready_RunningHost_ReportsEveryModuleDatabaseHealthy()
    {
        var report = await Management.GetJsonAsync("/health/ready");

        Assert.Equal("Healthy", report.GetText("status"));
        var checks = report.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetText("name"), c => c.GetText("status"));
        Assert.All(["catalog-database", "inventory-database", "customers-database", "ordering-database"],
            name => Assert.Equal("Healthy", checks[name]));
    }

    [Fact]
    public async Task Metrics_AfterARequest_ExposesHttpServerMetricsInPrometheusFormat()
    {
        await Client.GetJsonAsync("/api/catalog/categories");

        var text = await Eventually.MatchAsync(
            () => Management.GetStringAsync("/metrics", TestContext.Current.CancellationToken),
            body => body.Contains("http_server_request_duration_seconds", StringComparison.Ordinal),
            "the scrape shows ASP.NET Core request metrics");
        Assert.Contains("# TYPE", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesEveryModuleApi()
    {
        var document = await Management.GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/catalog/products", paths);
        Assert.Contains("/api/catalog/products/{id}/price", paths);
        Assert.Contains("/api/inventory/stock/{productId}", paths);
        Assert.Contains("/api/customers/{id}/addresses", paths);
        Assert.Contains("/api/ordering/orders/{id}/cancel", paths);
    }

    [Theory]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task ManagementEndpoints_OnThePublicPort_DoNotExist(string path)
    {
        using var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await Management.GetStatusAsync(path));
    }

    [Fact]
    public async Task ManagementEndpoints_OnThePublicPort_AreNotReachedByNamingTheManagementPortInTheHostHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = Management.BaseAddress!.Authority;

        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ManagementPort_IsOnLoopbackByDefault()
    {
        Assert.True(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(Management.BaseAddress!.Host)));
        Assert.NotEqual(Client.BaseAddress!.Port, Management.BaseAddress.Port);
        Assert.Equal(HttpStatusCode.OK, await Client.GetStatusAsync("/health/live"));
        Assert.Equal(HttpStatusCode.OK, await Management.GetStatusAsync("/health/live"));
    }

    [Fact]
    public async Task Errors_UnknownRoute_AnswersProblemDetails()
    {
        using var response = await Client.GetAsync("/api/nowhere", TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MalformedJson_OnAKeptAliveConnection_TheConnectionServesTheNextRequest()
    {
        // Two requests on one HTTP/1.1 connection: a body that breaks off mid-JSON, then a plain GET.
        var address = Client.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        const string body = "{\"customerId\":\"not-a-guid\",\"lines\":[]}";
        var requests =
            $"POST /api/ordering/orders HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}" +
            $"GET /health/live HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(requests), TestContext.Current.CancellationToken);

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var responses = await reader.ReadToEndAsync(TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.StartsWith("HTTP/1.1 400", responses, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 200", responses, StringComparison.Ordinal);
    }
}
