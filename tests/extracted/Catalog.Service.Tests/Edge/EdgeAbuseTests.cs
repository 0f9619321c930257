extern alias proxy;

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Catalog.Service.Tests.Infrastructure;
using Estate.Testing;
using Microsoft.Data.Sqlite;

namespace Catalog.Service.Tests.Edge;

/// <summary>
/// The real front door in front of the real estate (the monolith and catalog-service), tried as an attacker
/// would from outside: every internal endpoint the hosts serve (facades, event inboxes, DataSync), with and
/// without the service key; spoofed forwarded headers from an unknown peer and from a configured proxy; the
/// tester override on writes; and fifty kinds of malformed input. Nothing answers 500, nothing internal is
/// reached without the key, and no state changes.
/// </summary>
public sealed class EdgeAbuseTests(CatalogEstate estate) : IClassFixture<CatalogEstate>, IAsyncLifetime
{
    private const string TesterSecret = "edge-abuse-tester-secret";
    private const int Permits = 3;
    private LoopbackHost<proxy::Program> _frontDoor = null!;
    private LoopbackHost<proxy::Program> _behindALoadBalancer = null!;

    public async ValueTask InitializeAsync()
    {
        await estate.WaitForChangeSyncAsync();
        var edge = new Dictionary<string, string?>
        {
            ["Migration:TesterSecret"] = TesterSecret,
            ["Migration:Edge:RateLimits:customers:PermitLimit"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Migration:Edge:RateLimits:customers:Window"] = "00:10:00",
        };
        _frontDoor = estate.StartProxy(overrides: edge);
        // The same front door behind a load balancer on this machine: 127.0.0.1 is a configured proxy.
        _behindALoadBalancer = estate.StartProxy(overrides: new Dictionary<string, string?>(edge) { ["Migration:Edge:TrustedProxies:0"] = "127.0.0.1" });
    }

    /// <summary>The internal endpoints of every host, from the hosts' own route tables, with a value for each parameter.</summary>
    private IReadOnlyList<string> InternalPaths()
    {
        var paths = estate.RoutePatterns()
            .Where(p => p.Contains("/facade/", StringComparison.Ordinal) || p.StartsWith("/integration-events", StringComparison.Ordinal)
                || p.StartsWith("/datasync", StringComparison.Ordinal))
            .Select(p => p.Replace("{module}", "catalog", StringComparison.Ordinal).Replace("{name}", "ProductPriceChanged", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(paths, p => p.StartsWith("/api/inventory/facade/", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("/api/customers/facade/", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("/integration-events/", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("/datasync/", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.Contains('{', StringComparison.Ordinal));
        return paths;
    }

    [Fact]
    public async Task EveryInternalEndpoint_ThroughTheFrontDoor_WithoutTheKey_Is404ReachesNoHostAndChangesNothing()
    {
        var paths = InternalPaths();
        var product = await AnyProductAsync();
        var before = await SettledFingerprintAsync();
        using var client = _frontDoor.CreateClient();

        foreach (var path in paths)
        {
            // (A header value keeps no surrounding spaces, so "key " is the key: it is not among them.)
            foreach (var key in new[] { null, "", "wrong-key", Estate.Testing.Estate.ServiceKey + "x", Estate.Testing.Estate.ServiceKey.ToUpperInvariant() })
            {
                // Real arguments: reserve the whole stock of a product, read a customer, deliver an event.
                using var request = new HttpRequestMessage(HttpMethod.Post, path)
                {
                    Content = JsonContent.Create(new { orderId = Guid.NewGuid(), productId = product, quantity = 1_000_000, lines = new[] { new { productId = product, quantity = 5 } }, customerId = Guid.NewGuid(), id = Guid.NewGuid() }),
                };
                if (key is not null)
                {
                    request.Headers.TryAddWithoutValidation(Contracts.Estate.ServiceKey.Header, key);
                }

                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {path} with key '{key}': {(int)response.StatusCode}");
                // A host's own answer is marked with who served it; the front door's refusal is not.
                Assert.False(response.Headers.Contains("X-Migration-Served-By"), $"POST {path} with key '{key}' reached a host");
            }
        }

        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task InternalEndpoints_ThroughTheFrontDoor_WithTheKey_OnlyFacadesPass()
    {
        using var client = _frontDoor.CreateClient();
        client.DefaultRequestHeaders.Add(Contracts.Estate.ServiceKey.Header, Estate.Testing.Estate.ServiceKey);

        foreach (var path in InternalPaths())
        {
            using var response = await client.PostAsync(path, JsonContent.Create(new { }), TestContext.Current.CancellationToken);

            if (path.Contains("/facade/", StringComparison.Ordinal))
            {
                // The estate's own call reaches the module's host, which judges the arguments.
                Assert.True(response.Headers.Contains("X-Migration-Served-By"), $"POST {path} with the key did not reach a host");
                Assert.True((int)response.StatusCode < 500, $"POST {path} with the key: {(int)response.StatusCode}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.NotFound && !response.Headers.Contains("X-Migration-Served-By"),
                    $"POST {path} with the key: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task InternalEndpoints_OnTheHostsThemselves_WithoutTheKey_Are401AndChangeNothing()
    {
        var product = await AnyProductAsync();
        var before = await SettledFingerprintAsync();
        using var legacy = new HttpClient { BaseAddress = estate.LegacyAddress };
        using var service = new HttpClient { BaseAddress = estate.ServiceAddress };

        foreach (var path in InternalPaths())
        {
            foreach (var host in new[] { legacy, service })
            {
                using var response = await host.PostAsync(path, JsonContent.Create(new { orderId = Guid.NewGuid(), productId = product, quantity = 1_000_000 }),
                    TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed,
                    $"POST {host.BaseAddress}{path[1..]} without the key: {(int)response.StatusCode}");
            }
        }

        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task SpoofedForwardedFor_FromAnUnknownPeer_ChangesNothing_FromAConfiguredProxy_NamesTheClient()
    {
        // From an unknown peer (the front door facing clients directly), a new X-Forwarded-For each time does not
        // make a new client: the limit of the customers routes holds.
        var direct = new List<HttpStatusCode>();
        using var client = _frontDoor.CreateClient();
        for (var i = 0; i <= Permits; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/customers?pageSize=1");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            direct.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Permits), HttpStatusCode.TooManyRequests], direct);

        // Behind the configured proxy, each forwarded client has a limit of its own.
        using var behind = _behindALoadBalancer.CreateClient();
        for (var i = 0; i <= Permits; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/customers?pageSize=1");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            using var response = await behind.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // And a forwarded header names no way in: an internal path stays closed whoever the client claims to be.
        using var facade = new HttpRequestMessage(HttpMethod.Post, "/api/inventory/facade/reserve") { Content = JsonContent.Create(new { }) };
        facade.Headers.Add("X-Forwarded-For", "127.0.0.1");
        using var refused = await behind.SendAsync(facade, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task TesterOverride_OnAWrite_GoesToTheDataOwner_OnARead_ToTheChosenSide()
    {
        await estate.SetStageAsync("canary", 0);
        try
        {
            using var client = _frontDoor.CreateClient();
            await Eventually.MatchAsync(async () => await StageServedAsync(client), stage => stage == "legacy",
                "the front door serves catalog at canary 0 % from the monolith");
            var product = await AnyProductAsync();

            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/catalog/products/{product}");
            read.Headers.Add("X-Migration-Target", "extracted");
            read.Headers.Add("X-Migration-Tester-Secret", TesterSecret);
            using var readAnswer = await client.SendAsync(read, TestContext.Current.CancellationToken);
            Assert.Equal("extracted", readAnswer.Headers.GetValues("X-Migration-Served-By").Single());

            var version = (await readAnswer.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["version"]!.GetValue<int>();
            using var write = new HttpRequestMessage(HttpMethod.Put, $"/api/catalog/products/{product}/price") { Content = JsonContent.Create(new { price = 12.34m, version }) };
            write.Headers.Add("X-Migration-Target", "extracted");
            write.Headers.Add("X-Migration-Tester-Secret", TesterSecret);
            using var writeAnswer = await client.SendAsync(write, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, writeAnswer.StatusCode);
            Assert.Equal("legacy", writeAnswer.Headers.GetValues("X-Migration-Served-By").Single());
        }
        finally
        {
            await estate.WaitForChangeSyncAsync();
            await estate.SetStageAsync("legacy");
        }
    }

    [Fact]
    public async Task FiftyKindsOfMalformedInput_NeverAnswer500()
    {
        var product = await AnyProductAsync();
        var answers = new List<(string What, int Status)>();
        using var client = _frontDoor.CreateClient();

        foreach (var (what, method, path, body, contentType) in JsonAbuse(product))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            answers.Add((what, (int)response.StatusCode));
        }

        foreach (var (what, raw) in RawAbuse(_frontDoor.Address))
        {
            answers.Add((what, await SendRawAsync(_frontDoor.Address, raw)));
        }

        Assert.True(answers.Count >= 50, $"{answers.Count} kinds of malformed input");
        Assert.All(answers, a => Assert.True(a.Status is >= 400 and < 500, $"{a.What}: {a.Status}"));
    }

    private static IEnumerable<(string What, string Method, string Path, byte[]? Body, string ContentType)> JsonAbuse(Guid product)
    {
        const string json = "application/json";
        static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
        var price = $"/api/catalog/products/{product}/price";
        var stock = $"/api/inventory/stock/{product}";
        // Broken JSON.
        foreach (var broken in new[] { "{", "{\"name\":", "[", "}", "{\"price\": }", "{'price': 1}", "{\"price\":1,}", "\u0000" })
        {
            yield return ($"broken JSON {broken}", "PUT", price, Text(broken), json);
        }

        yield return ("broken JSON on an order", "POST", "/api/ordering/orders", Text("{\"customerId\":"), json);
        yield return ("broken JSON on a customer", "POST", "/api/customers", Text("{\"email\""), json);
        // Wrong types.
        yield return ("price as text", "PUT", price, Text("{\"price\":\"abc\",\"version\":1}"), json);
        yield return ("version as text", "PUT", price, Text("{\"price\":1,\"version\":\"one\"}"), json);
        yield return ("quantity as an object", "POST", "/api/ordering/orders", Text($"{{\"customerId\":\"{Guid.NewGuid()}\",\"lines\":[{{\"productId\":\"{product}\",\"quantity\":{{}}}}]}}"), json);
        yield return ("customer id as a number", "POST", "/api/ordering/orders", Text("{\"customerId\":42,\"lines\":[]}"), json);
        yield return ("lines as an object", "POST", "/api/ordering/orders", Text($"{{\"customerId\":\"{Guid.NewGuid()}\",\"lines\":{{}}}}"), json);
        yield return ("a body that is an array", "POST", "/api/customers", Text("[1,2,3]"), json);
        yield return ("a body that is null", "PUT", stock, Text("null"), json);
        // Huge numbers.
        yield return ("price 1e309", "PUT", price, Text("{\"price\":1e309,\"version\":1}"), json);
        yield return ("price with 40 digits", "PUT", price, Text("{\"price\":9999999999999999999999999999999999999999,\"version\":1}"), json);
        yield return ("version past int", "PUT", price, Text("{\"price\":1,\"version\":2147483648}"), json);
        yield return ("stock 1e30", "PUT", stock, Text("{\"onHand\":1e30,\"version\":0}"), json);
        yield return ("quantity past int", "POST", "/api/ordering/orders", Text($"{{\"customerId\":\"{Guid.NewGuid()}\",\"lines\":[{{\"productId\":\"{product}\",\"quantity\":99999999999}}]}}"), json);
        // Negative quantities and prices.
        yield return ("negative quantity", "POST", "/api/ordering/orders", Text($"{{\"customerId\":\"{Guid.NewGuid()}\",\"lines\":[{{\"productId\":\"{product}\",\"quantity\":-1}}]}}"), json);
        yield return ("zero quantity", "POST", "/api/ordering/orders", Text($"{{\"customerId\":\"{Guid.NewGuid()}\",\"lines\":[{{\"productId\":\"{product}\",\"quantity\":0}}]}}"), json);
        yield return ("negative stock", "PUT", stock, Text("{\"onHand\":-5,\"version\":0}"), json);
        yield return ("negative price", "PUT", price, Text("{\"price\":-1,\"version\":1}"), json);
        // 10 MB bodies.
        var huge = Text("{\"name\":\"" + new string('x', 10 * 1024 * 1024) + "\"}");
        yield return ("10 MB product", "POST", "/api/catalog/products", huge, json);
        yield return ("10 MB price", "PUT", price, huge, json);
        // Invalid UTF-8.
        yield return ("invalid UTF-8 in a name", "POST", "/api/catalog/categories", [.. Text("{\"name\":\""), 0xC3, 0x28, .. Text("\"}")], json);
        yield return ("invalid UTF-8 in an email", "POST", "/api/customers", [.. Text("{\"email\":\""), 0xFF, 0xFE, .. Text("@x\",\"name\":\"n\"}")], json);
        // Not JSON at all.
        yield return ("text/plain", "PUT", price, Text("price=1"), "text/plain");
        yield return ("a form", "POST", "/api/customers", Text("email=a%40b&name=n"), "application/x-www-form-urlencoded");
        yield return ("no content type", "POST", "/api/catalog/categories", Text("{\"name\":\"x\"}"), "");
        // Unknown routes and wrong shapes of known ones.
        yield return ("an unknown module route", "GET", "/api/catalog/nothing-here", null, json);
        yield return ("an unknown route", "GET", "/api/nowhere", null, json);
        yield return ("an id that is not a GUID", "GET", "/api/catalog/products/not-a-guid", null, json);
        yield return ("an unknown order", "POST", $"/api/ordering/orders/{Guid.NewGuid()}/cancel", null, json);
        yield return ("a method the route does not take", "DELETE", "/api/catalog/products", null, json);
        yield return ("page -1", "GET", "/api/catalog/products?page=-1", null, json);
        yield return ("page size 1e6", "GET", "/api/catalog/products?pageSize=1000000", null, json);
        yield return ("page as text", "GET", "/api/catalog/products?page=abc", null, json);
    }

    private static IEnumerable<(string What, string Raw)> RawAbuse(Uri address)
    {
        var host = address.Authority;
        string Get(string target, string headers = "") => $"GET {target} HTTP/1.1\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n";
        yield return ("bad percent-encoding %zz", Get("/api/catalog/products/%zz"));
        yield return ("a lone %", Get("/api/catalog/%"));
        yield return ("percent-encoded bytes that are not UTF-8", Get("/api/catalog/products/%ff%fe"));
        yield return ("bad percent-encoding in the query", Get("/api/catalog/products?page=%zz"));
        yield return ("an encoded path that climbs out", Get("/api/catalog/%2e%2e/%2e%2e/datasync/status/catalog"));
        yield return ("an encoded facade path", Get("/api/inventory/%66acade/reserve"));
        yield return ("a header flood: 500 headers", Get("/api/catalog/products", string.Concat(Enumerable.Range(0, 500).Select(i => $"X-Flood-{i}: {i}\r\n"))));
        yield return ("one 100 KB header", Get("/api/catalog/products", $"X-Big: {new string('a', 100 * 1024)}\r\n"));
        yield return ("a 20 KB request target", Get("/api/catalog/products?q=" + new string('q', 20 * 1024)));
        yield return ("a Content-Length that lies", $"POST /api/catalog/categories HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{{\"name\":\"x\"}}");
        yield return ("garbage chunks", $"POST /api/catalog/categories HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nnot a chunk\r\n0\r\n\r\n");
        yield return ("no Host header", "GET /api/catalog/products HTTP/1.1\r\nConnection: close\r\n\r\n");
    }

    /// <summary>Sends bytes as they are (what HttpClient would refuse or repair) and reads the status code; a closed connection counts as 400.</summary>
    private static async Task<int> SendRawAsync(Uri address, string raw)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(raw), TestContext.Current.CancellationToken);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (a header flood).
        }

        using var reader = new StreamReader(stream, Encoding.Latin1);
        var status = await reader.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return status is { Length: >= 12 } line && line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(line.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) : 400;
    }

    private async Task<Guid> AnyProductAsync() =>
        (await estate.Legacy.GetFromJsonAsync<JsonObject>("/api/catalog/products?pageSize=1", TestContext.Current.CancellationToken))!["items"]![0]!["id"]!.GetValue<Guid>();

    private static async Task<string?> StageServedAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/catalog/products?pageSize=1", TestContext.Current.CancellationToken);
        return response.Headers.TryGetValues("X-Migration-Served-By", out var values) ? values.Single() : null;
    }

    /// <summary>
    /// The fingerprint once nothing moves any more: an earlier test's write is dispatched, delivered and synced in
    /// the background, and only what happens after this point is the abuse's doing.
    /// </summary>
    private async Task<string> SettledFingerprintAsync()
    {
        var last = await FingerprintAsync();
        return (await Eventually.MatchAsync(
            async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
                var now = await FingerprintAsync();
                var settled = now == last;
                last = now;
                return (Settled: settled, Fingerprint: now);
            },
            sample => sample.Settled, "the databases are quiet")).Fingerprint;
    }

    /// <summary>A hash of every row of every table of the monolith's and the service's databases.</summary>
    private async Task<string> FingerprintAsync()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var database in new[] { estate.LegacyDatabase, estate.ServiceDatabase })
        {
            await using var connection = new SqliteConnection(database);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
                await using var reader = await list.ExecuteReaderAsync(TestContext.Current.CancellationToken);
                while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                await using var rows = connection.CreateCommand();
                rows.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
                await using var reader = await rows.ExecuteReaderAsync(TestContext.Current.CancellationToken);
                hash.AppendData(Encoding.UTF8.GetBytes(table));
                while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        hash.AppendData(Encoding.UTF8.GetBytes($"{reader.GetValue(i)}|"));
                    }
                }
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public async ValueTask DisposeAsync()
    {
        await _frontDoor.DisposeAsync();
        await _behindALoadBalancer.DisposeAsync();
    }
}
