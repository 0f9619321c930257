using System.Net;
using System.Net.Http.Json;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Edge;

/// <summary>
/// Who the client is: the connection's peer, unless the peer is a configured proxy, whose X-Forwarded-For then
/// names the client. A spoofed header from anyone else changes nothing: not what the backends are told, not the
/// client's rate limit.
/// </summary>
public sealed class ClientIdentityTests
{
    private const string Spoofed = "203.0.113.7";

    public sealed class UnknownPeer(UnknownPeer.Host host) : IClassFixture<UnknownPeer.Host>
    {
        [Fact]
        public async Task SpoofedForwardedFor_IsReplacedByThePeer()
        {
            var echo = await EchoAsync(host, "/api/catalog/products", Spoofed);

            Assert.Equal("127.0.0.1", echo.Headers["x-forwarded-for"]);
        }

        [Fact]
        public async Task SpoofedForwardedFor_DoesNotEscapeTheRateLimit()
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < Host.Permits + 1; i++)
            {
                using var response = await SendAsync(host, "/api/limited/things", $"203.0.113.{i + 10}");
                statuses.Add(response.StatusCode);
            }

            Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Host.Permits), HttpStatusCode.TooManyRequests], statuses);
        }

        public sealed class Host : ProxyHost
        {
            public const int Permits = 2;

            protected override string InitialPlan => PlanJson.With(new ModuleSpec("catalog", Service, "legacy"), new ModuleSpec("limited", "legacy", "legacy"));

            protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
            {
                ["Migration:Edge:RateLimits:limited:PermitLimit"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Migration:Edge:RateLimits:limited:Window"] = "00:01:00",
            };
        }
    }

    public sealed class TrustedPeer(TrustedPeer.Host host) : IClassFixture<TrustedPeer.Host>
    {
        [Fact]
        public async Task ForwardedFor_FromATrustedProxy_NamesTheClient()
        {
            var echo = await EchoAsync(host, "/api/catalog/products", Spoofed);

            Assert.Equal(Spoofed, echo.Headers["x-forwarded-for"]);
        }

        [Fact]
        public async Task RateLimit_BehindATrustedProxy_IsPerClient()
        {
            var first = new List<HttpStatusCode>();
            for (var i = 0; i < Host.Permits + 1; i++)
            {
                using var response = await SendAsync(host, "/api/limited/things", "198.51.100.1");
                first.Add(response.StatusCode);
            }

            using var other = await SendAsync(host, "/api/limited/things", "198.51.100.2");

            Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Host.Permits), HttpStatusCode.TooManyRequests], first);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        public sealed class Host : ProxyHost
        {
            public const int Permits = 2;

            protected override string InitialPlan => PlanJson.With(new ModuleSpec("catalog", Service, "legacy"), new ModuleSpec("limited", "legacy", "legacy"));

            protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
            {
                ["Migration:Edge:TrustedProxies:0"] = "10.1.2.3",
                ["Migration:Edge:TrustedProxies:1"] = "127.0.0.0/8",
                ["Migration:Edge:RateLimits:limited:PermitLimit"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Migration:Edge:RateLimits:limited:Window"] = "00:01:00",
            };
        }
    }

    /// <summary>Edge settings that would make the front door unsafe, or that do not parse, stop it from starting, saying which.</summary>
    [Theory]
    [InlineData("Migration:Edge:TrustedProxies:0=10.0.0.300", "Migration:Edge:TrustedProxies:0 '10.0.0.300' is neither an address")]
    [InlineData("Migration:Edge:Jwt:Issuer=https://id.test;Migration:Edge:Jwt:SigningKey=c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1hdC1sZWFzdCEhIQ==", "Migration:Edge:Jwt:Audience is required")]
    [InlineData("Migration:Edge:Jwt:Audience=shop;Migration:Edge:Jwt:SigningKey=c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1hdC1sZWFzdCEhIQ==", "Migration:Edge:Jwt:Issuer is required")]
    [InlineData("Migration:Edge:Jwt:Audience=shop;Migration:Edge:Jwt:Authority=http://id.test", "serves its signing keys over plain HTTP")]
    public async Task UnsafeOrBrokenEdgeSettings_FailStartUpSayingWhich(string settings, string reason)
    {
        await using var host = new ConfiguredHost(settings.Split(';').Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.InitializeAsync().AsTask());

        Assert.Contains(reason, Innermost(failure).Message, StringComparison.Ordinal);
    }

    private sealed class ConfiguredHost(IReadOnlyDictionary<string, string> settings) : ProxyHost
    {
        protected override IReadOnlyDictionary<string, string> Settings => settings;
    }

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;

    private static async Task<BackendEcho> EchoAsync(ProxyHost host, string path, string forwardedFor)
    {
        using var response = await SendAsync(host, path, forwardedFor);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BackendEcho>(TestContext.Current.CancellationToken))!;
    }

    private static async Task<HttpResponseMessage> SendAsync(ProxyHost host, string path, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
