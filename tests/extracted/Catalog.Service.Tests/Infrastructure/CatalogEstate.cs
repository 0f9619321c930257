extern alias legacy;
extern alias proxy;

using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Catalog.Service.Tests.Infrastructure;

/// <summary>
/// The monolith (seeded, on a SQLite file) and the catalog service (its own SQLite file, DataSync in the
/// worker role reading the monolith's file), both on Kestrel, with the backfill finished. One per test class.
/// </summary>
public sealed class CatalogEstate : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("catalog-estate-");
    private LoopbackHost<legacy::Program>? _legacy;
    private LoopbackHost<Program>? _service;

    public HttpClient Legacy { get; private set; } = null!;

    public HttpClient Service { get; private set; } = null!;

    public string LegacyDatabase => $"Data Source={Path.Combine(_folder.FullName, "shop.db")}";

    public string ServiceDatabase => $"Data Source={Path.Combine(_folder.FullName, "catalog.db")}";

    /// <summary>The plan the DataSync worker follows: the repository's, with catalog at the stage a test sets.</summary>
    public string PlanPath => Path.Combine(_folder.FullName, "migration.json");

    /// <summary>The proxy's admin token in <see cref="StartProxy"/>.</summary>
    public const string AdminToken = "estate-admin-token";

    public Uri LegacyAddress => _legacy!.Address;

    /// <summary>The strangler proxy in front of both, following the estate's plan; the caller disposes it.</summary>
    public LoopbackHost<proxy::Program> StartProxy() => new LoopbackHost<proxy::Program>(new Dictionary<string, string?>
    {
        ["Migration:PlanPath"] = PlanPath,
        ["Migration:Admin:Token"] = AdminToken,
        ["Services:legacy:http:0"] = LegacyAddress.ToString(),
        ["Services:catalog-service:http:0"] = ServiceAddress.ToString(),
        ["Logging:LogLevel:Default"] = "Warning",
    }).Start();

    /// <summary>A client of the proxy's admin API.</summary>
    public static HttpClient AdminClient(LoopbackHost<proxy::Program> proxy)
    {
        var admin = proxy.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        return admin;
    }


    public Uri ServiceAddress => _service!.Address;

    /// <summary>Moves catalog to another stage in the plan, as an operator would.</summary>
    public Task SetCatalogStageAsync(string stage, double? canaryPercent = null)
    {
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "migration.json")))!;
        plan["modules"]!["catalog"]!["stage"] = stage;
        if (canaryPercent is { } percent)
        {
            plan["modules"]!["catalog"]!["canary"] = new JsonObject { ["percent"] = percent, ["stickyBy"] = "header:X-User-Id" };
        }

        return File.WriteAllTextAsync(PlanPath, plan.ToJsonString(), TestContext.Current.CancellationToken);
    }

    public async ValueTask InitializeAsync()
    {
        await SetCatalogStageAsync("legacy");
        // The monolith must know where catalog-service answers before either starts.
        var servicePort = LoopbackHost<Program>.FreePort();
        _legacy = new LoopbackHost<legacy::Program>(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:shop"] = LegacyDatabase,
            ["Migration:PlanPath"] = PlanPath,
            ["Services:catalog-service:http:0"] = $"http://127.0.0.1:{servicePort}",
            ["Logging:LogLevel:Default"] = "Warning",
        }).Start();
        Legacy = _legacy.CreateClient();

        _service = new LoopbackHost<Program>(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:catalog"] = ServiceDatabase,
            ["DataSync:Legacy:Provider"] = "Sqlite",
            ["ConnectionStrings:legacy"] = LegacyDatabase,
            ["DataSync:Role"] = "worker",
            ["DataSync:ChangeInterval"] = "00:00:00.100",
            ["Migration:PlanPath"] = PlanPath,
            ["Logging:LogLevel:Default"] = "Warning",
        }, servicePort).Start();
        Service = _service.CreateClient();

        var expected = await TotalAsync(Legacy, "/api/catalog/products");
        await Eventually.MatchAsync(() => TotalAsync(Service, "/api/catalog/products"), total => total == expected,
            $"the service has all {expected} products", TimeSpan.FromSeconds(60));
        await Eventually.MatchAsync(
            async () => (await Service.GetFromJsonAsync<JsonObject>("/datasync/status/catalog", TestContext.Current.CancellationToken))!["backfillComplete"]!.GetValue<bool>(),
            complete => complete, "the backfill is complete", TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Waits until every change the monolith logged has reached the service (sync lag zero), as an
    /// operator does before moving the data owner.
    /// </summary>
    public Task WaitForChangeSyncAsync() =>
        Eventually.MatchAsync(
            async () => (await Service.GetFromJsonAsync<JsonObject>("/datasync/status/catalog", TestContext.Current.CancellationToken))!["pendingChanges"]!.GetValue<int>(),
            pending => pending == 0, "the service has applied the monolith's whole change log", TimeSpan.FromSeconds(60));

    private static async Task<int> TotalAsync(HttpClient client, string path)
    {
        var page = await client.GetFromJsonAsync<JsonObject>(path, TestContext.Current.CancellationToken);
        return page!["totalCount"]!.GetValue<int>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        if (_legacy is not null)
        {
            await _legacy.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
