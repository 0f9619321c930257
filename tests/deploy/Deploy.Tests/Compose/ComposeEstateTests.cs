using System.Net;
using System.Net.Http.Json;
using Contracts.Admin;

namespace Deploy.Tests.Compose;

/// <summary>
/// The Compose file runs the estate on PostgreSQL with two proxies sharing the plan store: a stage change
/// made through one is served by both, and both list each other.
/// </summary>
public sealed class ComposeEstateTests(ComposeEstate estate) : IClassFixture<ComposeEstate>
{
    [Fact]
    public async Task ComposeUp_TwoProxiesOnOneStore_AFlipThroughOneIsServedByBoth()
    {
        estate.SkipWhenUnavailable();
        using var first = Client(estate.ProxyManagementAddress);
        using var second = Client(estate.SecondProxyManagementAddress);
        using var frontDoor = new HttpClient { BaseAddress = estate.ProxyAddress };
        using (var products = await frontDoor.GetAsync("/api/catalog/products", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, products.StatusCode);
            Assert.Equal("legacy", products.Headers.GetValues("X-Migration-Served-By").Single());
        }

        var before = await StatusAsync(second);
        Assert.Equal(["proxy-1", "proxy-2"], before.Replicas!.Where(r => r.Live).Select(r => r.Id).Order());

        using var change = await first.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new ChangeStageRequest("shadow", null, "compose test"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        var after = await Eventually.MatchAsync(() => StatusAsync(second), s => s.Modules.Single(m => m.Name == "catalog").Stage == "shadow",
            "the second proxy serves the change made through the first");
        Assert.Equal(before.Plan.Version + 1, after.Plan.Version);
        var audit = await second.GetFromJsonAsync<List<Plan.Transitions.AuditEntry>>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken);
        Assert.Equal("shadow", Assert.Single(audit!).To);
    }

    [Fact]
    public async Task ComposeUp_WithoutAProfile_StartsTheEstateButNeitherPrometheusNorGrafana()
    {
        estate.SkipWhenUnavailable();

        var services = await estate.ServicesWithContainersAsync();

        Assert.Contains("proxy-2", services);
        Assert.DoesNotContain("prometheus", services);
        Assert.DoesNotContain("grafana", services);
    }

    [Fact]
    public async Task ComposeUp_OnlyTheProxiesTrafficPortsAreReachableFromBeyondThisMachine()
    {
        estate.SkipWhenUnavailable();
        var external = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.SkipWhen(external is null, "This machine has no address but loopback: nothing to reach it from.");

        foreach (var (name, port) in estate.BackendPorts)
        {
            Assert.True(await ConnectsAsync(IPAddress.Loopback, port), $"{name} {port} answers on loopback");
            Assert.False(await ConnectsAsync(external!, port), $"{name} {port} must not be reachable at {external}");
        }

        Assert.True(await ConnectsAsync(external!, estate.ProxyAddress.Port), $"the proxy answers at {external}");
        Assert.True(await ConnectsAsync(external!, estate.SecondProxyAddress.Port), $"the second proxy answers at {external}");
    }

    [Fact]
    public async Task ComposeUp_EachServiceHasADatabaseUserOfItsOwn_WithRightsOnItsOwnDataOnly()
    {
        estate.SkipWhenUnavailable();
        var catalogTable = await AnyTableAsync("shop", "catalog");
        var orderingTable = await AnyTableAsync("shop", "ordering");

        // catalog-service reads and writes the monolith's catalog schema (DataSync), and nothing else of it.
        Assert.True(await CountAsync("catalog_service", "shop", catalogTable) >= 0);
        var denied = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => CountAsync("catalog_service", "shop", orderingTable));
        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        // Another service's database is closed to it, and the monolith's user has none of the services' databases.
        var otherDatabase = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => CountAsync("catalog_service", "inventory", "inventory.\"__EFMigrationsHistory\""));
        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, otherDatabase.SqlState);
        var legacyInCatalog = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => CountAsync("shop_legacy", "catalog", "catalog.\"__EFMigrationsHistory\""));
        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, legacyInCatalog.SqlState);
        // The plan store's user reaches the store only.
        var storeInShop = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => CountAsync("plan_store", "shop", catalogTable));
        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, storeInShop.SqlState);
    }

    private async Task<string> AnyTableAsync(string database, string schema)
    {
        await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(estate.ServerConnectionString) { Database = database }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var read = new Npgsql.NpgsqlCommand(
            "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables WHERE table_schema = @schema AND table_type = 'BASE TABLE' ORDER BY table_name LIMIT 1", connection);
        read.Parameters.AddWithValue("schema", schema);
        return (string)(await read.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private async Task<long> CountAsync(string user, string database, string table)
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(estate.ServerConnectionString)
        {
            Database = database, Username = user, Password = ComposeEstate.DatabasePassword, Pooling = false,
        };
        await using var open = new Npgsql.NpgsqlConnection(connection.ConnectionString);
        await open.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM {table}", open);
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task<bool> ConnectsAsync(IPAddress address, int port)
    {
        using var socket = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), TestContext.Current.CancellationToken);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static HttpClient Client(Uri address)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ComposeEstate.AdminToken);
        return client;
    }

    private static async Task<StatusResponse> StatusAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<StatusResponse>("/migration/api/status", TestContext.Current.CancellationToken))!;
}
