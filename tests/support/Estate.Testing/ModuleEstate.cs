extern alias legacy;
extern alias proxy;

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Testing.Support;
using Xunit;

namespace Estate.Testing;

/// <summary>
/// The monolith (seeded, on a SQLite file) and one module's extracted service (<typeparamref name="TService"/>,
/// its own SQLite file, DataSync in the worker role reading the monolith's file), both on Kestrel, with
/// the backfill complete. The plan is the repository's, in a folder of the estate's own, so a test can
/// move the module through its stages. One per test class.
/// </summary>
public abstract class ModuleEstate<TService>(string module, string service) : IAsyncLifetime
    where TService : class
{
    /// <summary>The proxy's admin token in <see cref="StartProxy"/>.</summary>
    public const string AdminToken = "estate-admin-token";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory($"{module}-estate-");
    private LoopbackHost<legacy::Program>? _legacy;
    private LoopbackHost<TService>? _service;

    public string Module => module;

    public HttpClient Legacy { get; private set; } = null!;

    public HttpClient Service { get; private set; } = null!;

    public Uri LegacyAddress => _legacy!.Address;

    public Uri ServiceAddress => _service!.Address;

    public string LegacyDatabase => $"Data Source={Path.Combine(_folder.FullName, "shop.db")}";

    public string ServiceDatabase => $"Data Source={Path.Combine(_folder.FullName, $"{module}.db")}";

    /// <summary>The plan every host of the estate follows.</summary>
    public string PlanPath => Path.Combine(_folder.FullName, "migration.json");

    /// <summary>Moves the module to another stage in the plan, as an operator would.</summary>
    public Task SetStageAsync(string stage, double? canaryPercent = null)
    {
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "migration.json")))!;
        plan["modules"]![module]!["stage"] = stage;
        if (canaryPercent is { } percent)
        {
            plan["modules"]![module]!["canary"] = new JsonObject { ["percent"] = percent, ["stickyBy"] = "header:X-User-Id" };
        }

        return File.WriteAllTextAsync(PlanPath, plan.ToJsonString(), TestContext.Current.CancellationToken);
    }

    public async ValueTask InitializeAsync()
    {
        await SetStageAsync("legacy");
        // The monolith must know where the service answers before either starts.
        var servicePort = LoopbackHost<TService>.FreePort();
        _legacy = new LoopbackHost<legacy::Program>(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:shop"] = LegacyDatabase,
            ["Migration:PlanPath"] = PlanPath,
            [$"Services:{service}:http:0"] = $"http://127.0.0.1:{servicePort}",
            ["Logging:LogLevel:Default"] = "Warning",
        }).Start();
        Legacy = _legacy.CreateClient();

        _service = new LoopbackHost<TService>(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            [$"ConnectionStrings:{module}"] = ServiceDatabase,
            ["DataSync:Legacy:Provider"] = "Sqlite",
            ["ConnectionStrings:legacy"] = LegacyDatabase,
            ["DataSync:Role"] = "worker",
            ["DataSync:ChangeInterval"] = "00:00:00.100",
            ["Migration:PlanPath"] = PlanPath,
            ["Logging:LogLevel:Default"] = "Warning",
        }, servicePort).Start();
        Service = _service.CreateClient();

        await Eventually.MatchAsync(async () => (await StatusAsync())["backfillComplete"]!.GetValue<bool>(), complete => complete,
            $"the backfill of {module} is complete", TimeSpan.FromSeconds(60));
    }

    /// <summary>The service's DataSync status of the module.</summary>
    public async Task<JsonObject> StatusAsync() =>
        (await Service.GetFromJsonAsync<JsonObject>($"/datasync/status/{module}", TestContext.Current.CancellationToken))!;

    /// <summary>
    /// Waits until every change the data owner logged has reached the other side (sync lag zero), as an
    /// operator does before moving the data owner.
    /// </summary>
    public Task WaitForChangeSyncAsync() =>
        Eventually.MatchAsync(async () => (await StatusAsync())["pendingChanges"]!.GetValue<int>(), pending => pending == 0,
            "the data owner's whole change log is applied", TimeSpan.FromSeconds(60));

    /// <summary>The strangler proxy in front of both, following the estate's plan; the caller disposes it.</summary>
    public LoopbackHost<proxy::Program> StartProxy() => new LoopbackHost<proxy::Program>(new Dictionary<string, string?>
    {
        ["Migration:PlanPath"] = PlanPath,
        ["Migration:Admin:Token"] = AdminToken,
        ["Services:legacy:http:0"] = LegacyAddress.ToString(),
        [$"Services:{service}:http:0"] = ServiceAddress.ToString(),
        ["Logging:LogLevel:Default"] = "Warning",
    }).Start();

    /// <summary>A client of the proxy's admin API.</summary>
    public static HttpClient AdminClient(LoopbackHost<proxy::Program> proxy)
    {
        var admin = proxy.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        return admin;
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        if (_legacy is not null)
        {
            await _legacy.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
