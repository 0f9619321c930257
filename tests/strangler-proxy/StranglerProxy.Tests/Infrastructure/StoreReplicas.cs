using System.Net.Http.Json;
using Npgsql;

namespace StranglerProxy.Tests.Infrastructure;

/// <summary>
/// Several StranglerProxy processes sharing one plan store in a fresh PostgreSQL database, in front of two
/// real backends ("legacy" and "catalog-service"), with the plan file that seeds the store in a temporary folder.
/// Each replica is named replica-1, replica-2, ... in the store.
/// </summary>
public sealed class StoreReplicas : IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("proxy-store-");
    private readonly List<ProxyProcess> _replicas = [];
    private PostgresServer _server = null!;

    private StoreReplicas()
    {
    }

    public string ConnectionString { get; private set; } = "";

    public Backend Legacy { get; private set; } = null!;

    public Backend Service { get; private set; } = null!;

    public IReadOnlyList<ProxyProcess> Replicas => _replicas;

    public string PlanPath => Path.Combine(_folder.FullName, "migration.json");

    /// <summary>The replicas, up and ready; or a skip when this machine has no PostgreSQL.</summary>
    public static async Task<StoreReplicas> StartAsync(int count, string plan, IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = await PostgresServer.GetAsync();
        Assert.SkipWhen(server.UnavailableReason is not null, server.UnavailableReason ?? "");
        var replicas = new StoreReplicas { _server = server };
        try
        {
            replicas.ConnectionString = await server.CreateDatabaseAsync();
            replicas.Legacy = await Backend.StartAsync(PlanJson.Legacy);
            replicas.Service = await Backend.StartAsync(ProxyHost.Service);
            await File.WriteAllTextAsync(replicas.PlanPath, plan, TestContext.Current.CancellationToken);
            // The first seeds the store; the others start together, as a rollout's pods do.
            replicas._replicas.Add(await replicas.StartReplicaAsync("replica-1", settings));
            var others = Enumerable.Range(2, count - 1).Select(i => replicas.StartReplicaAsync($"replica-{i}", settings)).ToList();
            try
            {
                await Task.WhenAll(others);
            }
            finally
            {
                replicas._replicas.AddRange(others.Where(o => o.IsCompletedSuccessfully).Select(o => o.Result));
            }

            return replicas;
        }
        catch
        {
            await replicas.DisposeAsync();
            throw;
        }
    }

    /// <summary>The settings every replica runs with: the store, its admin tokens, short poll and lease intervals for tests.</summary>
    public Dictionary<string, string> SettingsOf(string id) => new()
    {
        ["Migration:Store:Provider"] = "PostgreSql",
        ["ConnectionStrings:migration"] = ConnectionString,
        ["Migration:Store:ReplicaId"] = id,
        ["Migration:Store:PollInterval"] = "00:00:01",
        ["Migration:Admin:Token"] = ProxyHost.AdminToken,
        ["Migration:Admin:Tokens:alice"] = ProxyHost.TokenOf("alice"),
        ["Migration:Admin:Tokens:carol"] = ProxyHost.TokenOf("carol"),
    };

    public Task<ProxyProcess> StartReplicaAsync(string id, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = SettingsOf(id);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return ProxyProcess.StartAsync(PlanPath, new Dictionary<string, Uri> { [PlanJson.Legacy] = Legacy.Address, [ProxyHost.Service] = Service.Address }, all);
    }

    /// <summary>An admin client of one replica, as the named operator.</summary>
    public static HttpClient AdminOf(ProxyProcess replica, string token = ProxyHost.AdminToken)
    {
        var client = new HttpClient { BaseAddress = replica.ManagementAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public static async Task<StatusResponse> StatusOfAsync(ProxyProcess replica)
    {
        using var admin = AdminOf(replica);
        return (await admin.GetFromJsonAsync<StatusResponse>("/migration/api/status", TestContext.Current.CancellationToken))!;
    }

    /// <summary>Runs SQL against the store's database.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        foreach (var backend in new[] { Legacy, Service })
        {
            if (backend is not null)
            {
                await backend.DisposeAsync();
            }
        }

        if (ConnectionString.Length > 0)
        {
            await _server.DropDatabaseAsync(ConnectionString);
        }

        _folder.Delete(recursive: true);
    }
}
