using System.Net;
using System.Net.Http.Json;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Edge;

/// <summary>
/// The estate's own endpoints through the front door: a facade only with the service key (and then past the JWT
/// and the client limits, as the monolith's calls at canary must be), inboxes and DataSync never; a 404 that
/// reaches no backend for everyone else, and the key never travels with a client's request.
/// </summary>
public sealed class EstateCallsTests(EstateCallsTests.LockedDownHost host) : IClassFixture<EstateCallsTests.LockedDownHost>
{
    private const string Key = "front-door-test-service-key";

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData(Key + "x")]
    [InlineData("")]
    public async Task Facade_WithoutTheServiceKey_Is404AndReachesNoBackend(string? key)
    {
        var before = Reached();

        using var response = await SendAsync(HttpMethod.Post, "/api/catalog/facade/get-product-prices", key);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, Reached());
    }

    [Fact]
    public async Task Facade_WithTheServiceKey_PassesWithoutATokenOrALimitAndCarriesTheKeyOn()
    {
        // Every route needs a token and allows one request a minute per client; the estate's calls need neither.
        for (var i = 0; i < 5; i++)
        {
            using var response = await SendAsync(HttpMethod.Post, "/api/catalog/facade/get-product-prices", Key);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var echo = await response.Content.ReadFromJsonAsync<BackendEcho>(TestContext.Current.CancellationToken);
            Assert.Equal(("legacy", "/api/catalog/facade/get-product-prices"), (echo!.Backend, echo.Path));
            Assert.Equal(Key, echo.Headers["x-estate-key"]);
        }
    }

    [Theory]
    [InlineData("/integration-events/ProductCreated")]
    [InlineData("/datasync/status/catalog")]
    [InlineData("/datasync/reconcile/catalog?repair=true")]
    [InlineData("/hangfire")]
    [InlineData("/DataSync/status/catalog")]
    public async Task InternalPath_EvenWithTheServiceKey_Is404AndReachesNoBackend(string path)
    {
        var before = Reached();

        foreach (var key in new[] { null, Key })
        {
            using var response = await SendAsync(HttpMethod.Post, path, key);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(before, Reached());
    }

    [Fact]
    public async Task PublicRoute_AClientsServiceKeyHeader_IsNotPassedOn()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/open/things", Key, token: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<BackendEcho>(TestContext.Current.CancellationToken);
        Assert.False(echo!.Headers.ContainsKey("x-estate-key"));
    }

    private long Reached() => host.LegacyBackend.Requests + host.ServiceBackend.Requests;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, bool token = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Get ? null : JsonContent.Create(new { productIds = Array.Empty<Guid>() }) };
        if (key is not null)
        {
            request.Headers.Add("X-Estate-Key", key);
        }

        if (token)
        {
            request.Headers.Authorization = new("Bearer", EdgeSecurityTests.EdgeHost.Token("alice"));
        }

        return await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A front door that asks a token of every route and allows one request a minute per client.</summary>
    public sealed class LockedDownHost : ProxyHost
    {
        protected override string InitialPlan => PlanJson.With(new ModuleSpec("catalog", Service, "canary", Percent: 0), new ModuleSpec("open", "legacy", "legacy"));

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Estate:ServiceKey"] = Key,
            ["Migration:Edge:Jwt:Issuer"] = EdgeSecurityTests.EdgeHost.Issuer,
            ["Migration:Edge:Jwt:Audience"] = EdgeSecurityTests.EdgeHost.Audience,
            ["Migration:Edge:Jwt:SigningKey"] = EdgeSecurityTests.EdgeHost.SigningKeyBase64,
            ["Migration:Edge:Jwt:RequireForAllRoutes"] = "true",
            ["Migration:Edge:RateLimits:*:PermitLimit"] = "100",
            ["Migration:Edge:RateLimits:*:Window"] = "00:01:00",
            ["Migration:Edge:RateLimits:catalog:PermitLimit"] = "1",
            ["Migration:Edge:RateLimits:catalog:Window"] = "00:01:00",
        };
    }
}
