using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Edge;

/// <summary>JWT validation, rate limits and body limits at the edge, before any backend sees the request.</summary>
public sealed class EdgeSecurityTests(EdgeSecurityTests.EdgeHost host) : IClassFixture<EdgeSecurityTests.EdgeHost>
{
    [Fact]
    public async Task Jwt_ProtectedModuleWithoutToken_Returns401BeforeAnyBackend()
    {
        var before = host.LegacyBackend.Requests + host.ServiceBackend.Requests;

        using var response = await host.Client.GetAsync("/api/catalog/products", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, host.LegacyBackend.Requests + host.ServiceBackend.Requests);
    }

    [Theory]
    [InlineData("bad-signature")]
    [InlineData("expired")]
    [InlineData("wrong-audience")]
    [InlineData("garbage")]
    public async Task Jwt_InvalidToken_Returns401BeforeAnyBackend(string kind)
    {
        var token = kind switch
        {
            "bad-signature" => EdgeHost.Token("mallory", key: RandomNumberGenerator.GetBytes(32)),
            "expired" => EdgeHost.Token("alice", expires: DateTime.UtcNow.AddMinutes(-5)),
            "wrong-audience" => EdgeHost.Token("alice", audience: "someone-else"),
            _ => "not.a.token",
        };
        var before = host.LegacyBackend.Requests + host.ServiceBackend.Requests;

        using var response = await SendWithTokenAsync(HttpMethod.Get, "/api/catalog/products", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, host.LegacyBackend.Requests + host.ServiceBackend.Requests);
    }

    [Fact]
    public async Task Jwt_ValidToken_IsForwardedUnchanged()
    {
        var token = EdgeHost.Token("alice");

        using var response = await SendWithTokenAsync(HttpMethod.Get, "/api/catalog/products", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<BackendEcho>(response.Content, TestContext.Current.CancellationToken);
        Assert.Equal($"Bearer {token}", echo!.Headers["authorization"]);
    }

    [Fact]
    public async Task Jwt_CanaryStickyByClaim_RoutesByTheTokensSubject()
    {
        await host.ApplyPlanAsync(EdgeHost.PlanWith(catalogStage: "canary", percent: 100, stickyBy: "claim:sub"));
        try
        {
            var token = EdgeHost.Token("carol");

            using var response = await SendWithTokenAsync(HttpMethod.Get, "/api/catalog/products", token);

            Assert.Equal("extracted", response.Headers.GetValues("X-Migration-Served-By").Single());
        }
        finally
        {
            await host.ApplyPlanAsync(EdgeHost.PlanWith(catalogStage: "legacy"));
        }
    }

    [Fact]
    public async Task Jwt_UnprotectedModule_NeedsNoToken()
    {
        using var response = await host.Client.GetAsync("/api/open/anything", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RateLimit_OverTheLimit_Returns429WithRetryAfter()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < EdgeHost.LimitedPermits + 1; i++)
        {
            var response = await host.Client.GetAsync("/api/limited/x", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, EdgeHost.LimitedPermits).Append(HttpStatusCode.TooManyRequests), statuses);
        using (rejected)
        {
            Assert.True(rejected!.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After tells when to come back");
            Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task BodyLimit_LargerBody_Returns413BeforeAnyBackend()
    {
        var before = host.LegacyBackend.Requests;
        using var content = new ByteArrayContent(new byte[EdgeHost.MaxBody * 2]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await host.Client.PostAsync("/api/open/upload", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, host.LegacyBackend.Requests);
    }

    private Task<HttpResponseMessage> SendWithTokenAsync(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return host.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public sealed class EdgeHost : ProxyHost
    {
        public const string Issuer = "https://identity.test";
        public const string Audience = "shop";
        public const int LimitedPermits = 3;
        public const int MaxBody = 1024;

        private static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);

        public static string SigningKeyBase64 => Convert.ToBase64String(SigningKey);

        protected override string InitialPlan => PlanWith(catalogStage: "legacy");

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Migration:Edge:Jwt:Issuer"] = Issuer,
            ["Migration:Edge:Jwt:Audience"] = Audience,
            ["Migration:Edge:Jwt:SigningKey"] = SigningKeyBase64,
            ["Migration:Edge:Jwt:Modules:0"] = "catalog",
            ["Migration:Edge:RateLimits:limited:PermitLimit"] = LimitedPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Migration:Edge:RateLimits:limited:Window"] = "00:01:00",
            ["Migration:Edge:MaxRequestBodySize"] = MaxBody.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        public static string PlanWith(string catalogStage, double? percent = null, string stickyBy = "header:X-User-Id") => PlanJson.With(
            new ModuleSpec("catalog", Service, catalogStage, percent, stickyBy),
            new ModuleSpec("limited", "legacy", "legacy"),
            new ModuleSpec("open", "legacy", "legacy"));

        public static string Token(string subject, byte[]? key = null, DateTime? expires = null, string audience = Audience) =>
            new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = audience,
                Subject = new ClaimsIdentity([new Claim("sub", subject)]),
                NotBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
                Expires = expires ?? DateTime.UtcNow.AddHours(1),
                SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SigningKey), SecurityAlgorithms.HmacSha256),
            });
    }
}
