extern alias legacy;
extern alias proxy;

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Testing.Support;
using Xunit;

namespace Estate.Testing;

/// <summary>
/// The monolith (seeded, on a SQLite file) and extracted services (each on its own SQLite file, DataSync
/// in the worker role reading the monolith's file), all on Kestrel, with every backfill complete. The plan
/// is the repository's, in a folder of the estate's own, so a test can move modules through their stages.
/// One per test class.
/// </summary>
public abstract class Estate(params EstateService[] services) : IAsyncLifetime
{
    /// <summary>The proxy's admin token in <see cref="StartProxy"/>.</summary>
    public const string AdminToken = "estate-admin-token";

    /// <summary>The service key of the estate's own calls (facades, inboxes, DataSync).</summary>
    public const string ServiceKey = "estate-service-key";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("estate-");
    private readonly Dictionary<string, StartedService> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (EstateService Service, Dictionary<string, string?> Settings)> _workerSettings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StartedService> _workers = new(StringComparer.Ordinal);
    private LoopbackHost<legacy::Program>? _legacy;
    private LoopbackHost<proxy::Program>? _frontDoor;

    /// <summary>
    /// Whether the estate runs the strangler proxy as its front door, known to the monolith (which then
    /// calls a module at canary through it, as in the AppHost).
    /// </summary>
    protected virtual bool WithFrontDoor => false;

    /// <summary>
    /// Whether each service's DataSync runs in a worker process of its own (as catalog-sync beside catalog-service
    /// in the AppHost), so a test can stop the sync and keep the service; otherwise the service is its own worker.
    /// </summary>
    protected virtual bool SeparateSyncWorkers => false;

    /// <summary>
    /// Whether the estate keeps its plan in the shared plan store (a fresh PostgreSQL database) rather than in
    /// the plan file: every host follows the store, which the monolith seeds from the file as it starts; stages
    /// then change through a proxy's admin API. Without PostgreSQL on the machine, <see cref="StoreUnavailable"/> says why.
    /// </summary>
    protected virtual bool OnPlanStore => false;

    /// <summary>Why the estate could not start on the plan store (no PostgreSQL here), or null.</summary>
    public string? StoreUnavailable { get; private set; }

    /// <summary>The plan store's connection string, with <see cref="OnPlanStore"/>.</summary>
    public string? PlanStoreConnection { get; private set; }

    /// <summary>The settings that point a host at the plan store (none with a plan file).</summary>
    private Dictionary<string, string?> StoreSettings => PlanStoreConnection is null ? [] : new()
    {
        ["Migration:Store:Provider"] = "PostgreSql",
        ["ConnectionStrings:migration"] = PlanStoreConnection,
        ["Migration:Store:PollInterval"] = "00:00:01",
    };

    /// <summary>The front door, when the estate has one.</summary>
    public HttpClient FrontDoor { get; private set; } = null!;

    /// <summary>A client of the front door's admin API, when the estate has one.</summary>
    public HttpClient FrontDoorAdmin { get; private set; } = null!;

    public HttpClient Legacy { get; private set; } = null!;

    public Uri LegacyAddress => _legacy!.Address;

    /// <summary>A new client of the monolith's management port (readiness, metrics).</summary>
    public HttpClient CreateLegacyManagementClient() => _legacy!.CreateManagementClient();

    /// <summary>The endpoints every host of the estate (the monolith and each service) serves, as their route patterns.</summary>
    public IReadOnlyList<string> RoutePatterns() =>
        [.. new[] { _legacy!.Services }.Concat(_services.Values.Select(s => s.Services))
            .SelectMany(services => services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>())
            .SelectMany(source => source.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(endpoint => endpoint.RoutePattern.RawText ?? "").Distinct(StringComparer.Ordinal)];

    public string LegacyDatabase => $"Data Source={Path.Combine(_folder.FullName, "shop.db")}";

    /// <summary>The plan every host of the estate follows.</summary>
    public string PlanPath => Path.Combine(_folder.FullName, "migration.json");

    public HttpClient ServiceOf(string module) => _services[module].Client;

    public Uri ServiceAddressOf(string module) => _services[module].Address;

    /// <summary>A new client of the module's service's management port (readiness, metrics, the Hangfire dashboard).</summary>
    public HttpClient CreateServiceManagementClient(string module) => new() { BaseAddress = _services[module].ManagementAddress };

    public string ServiceDatabaseOf(string module) => $"Data Source={Path.Combine(_folder.FullName, $"{module}.db")}";

    /// <summary>Moves a module to another stage in the plan, as an operator would; the other modules stay where they are.</summary>
    public async Task SetStageAsync(string module, string stage, double? canaryPercent = null)
    {
        if (PlanStoreConnection is not null)
        {
            throw new InvalidOperationException("The estate keeps its plan in the shared store: change stages through a proxy's admin API.");
        }

        var current = File.Exists(PlanPath) ? PlanPath : Path.Combine(AppContext.BaseDirectory, "migration.json");
        var plan = JsonNode.Parse(await File.ReadAllTextAsync(current, TestContext.Current.CancellationToken))!;
        plan["modules"]![module]!["stage"] = stage;
        if (canaryPercent is { } percent)
        {
            plan["modules"]![module]!["canary"] = new JsonObject { ["percent"] = percent, ["stickyBy"] = "header:X-User-Id" };
        }

        var temp = PlanPath + ".tmp";
        await File.WriteAllTextAsync(temp, plan.ToJsonString(), TestContext.Current.CancellationToken);
        File.Move(temp, PlanPath, overwrite: true);
    }

    public async ValueTask InitializeAsync()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "migration.json"), PlanPath);
        if (OnPlanStore)
        {
            var postgres = await PostgresServer.GetAsync();
            if ((StoreUnavailable = postgres.UnavailableReason) is not null)
            {
                return;
            }

            PlanStoreConnection = await postgres.CreateDatabaseAsync();
        }

        // The monolith must know where the services answer before any of them starts.
        var ports = services.ToDictionary(s => s.Module, _ => LoopbackHost<legacy::Program>.FreePort());
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:shop"] = LegacyDatabase,
            ["Migration:PlanPath"] = PlanPath,
            [Contracts.Estate.ServiceKey.ConfigurationKey] = ServiceKey,
            ["Events:Self"] = "legacy",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var service in services)
        {
            settings[$"Services:{service.Name}:http:0"] = $"http://127.0.0.1:{ports[service.Module]}";
        }

        foreach (var (key, value) in StoreSettings)
        {
            settings[key] = value;
        }

        var frontDoorPort = LoopbackHost<legacy::Program>.FreePort();
        if (WithFrontDoor)
        {
            settings["Services:proxy:http:0"] = $"http://127.0.0.1:{frontDoorPort}";
        }

        _legacy = new LoopbackHost<legacy::Program>(settings).Start();
        Legacy = EstateCalls(_legacy.CreateClient());

        foreach (var service in services)
        {
            var serviceSettings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                [$"ConnectionStrings:{service.Module}"] = ServiceDatabaseOf(service.Module),
                ["DataSync:Legacy:Provider"] = "Sqlite",
                ["ConnectionStrings:legacy"] = LegacyDatabase,
                ["DataSync:Role"] = "worker",
                ["DataSync:ChangeInterval"] = "00:00:00.100",
                ["Migration:PlanPath"] = PlanPath,
                // Its own events go to the monolith, where the other modules are.
                [Contracts.Estate.ServiceKey.ConfigurationKey] = ServiceKey,
                ["Events:Self"] = service.Name,
                ["Events:Upstream:0"] = "legacy",
                ["Services:legacy:http:0"] = LegacyAddress.ToString(),
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in StoreSettings)
            {
                serviceSettings[key] = value;
            }

            if (SeparateSyncWorkers)
            {
                _workerSettings[service.Module] = (service, serviceSettings);
                _services[service.Module] = service.Start(new Dictionary<string, string?>(serviceSettings) { ["DataSync:Role"] = "web" }, ports[service.Module]);
                StartSyncWorker(service.Module);
            }
            else
            {
                _services[service.Module] = service.Start(serviceSettings, ports[service.Module]);
            }
        }

        foreach (var service in services)
        {
            await Eventually.MatchAsync(async () => (await StatusAsync(service.Module))["backfillComplete"]!.GetValue<bool>(), complete => complete,
                $"the backfill of {service.Module} is complete", TimeSpan.FromSeconds(60));
        }

        if (WithFrontDoor)
        {
            _frontDoor = StartProxy(frontDoorPort);
            FrontDoor = _frontDoor.CreateClient();
            FrontDoorAdmin = AdminClient(_frontDoor);
        }
    }

    /// <summary>Starts the module's DataSync worker (with <see cref="SeparateSyncWorkers"/>), as an operator restarts catalog-sync.</summary>
    public void StartSyncWorker(string module)
    {
        var (service, settings) = _workerSettings[module];
        _workers[module] = service.Start(settings, LoopbackHost<legacy::Program>.FreePort());
    }

    public bool IsSyncWorkerRunning(string module) => _workers.ContainsKey(module);

    /// <summary>Stops the module's DataSync worker: the service keeps serving and logging its changes, nothing applies them.</summary>
    public async Task StopSyncWorkerAsync(string module)
    {
        if (_workers.Remove(module, out var worker))
        {
            await worker.Host.DisposeAsync();
        }
    }

    /// <summary>A service's DataSync status of its module.</summary>
    public async Task<JsonObject> StatusAsync(string module) =>
        (await ServiceOf(module).GetFromJsonAsync<JsonObject>($"/datasync/status/{module}", TestContext.Current.CancellationToken))!;

    /// <summary>
    /// Waits until every change the module's data owner logged has reached the other side (sync lag zero),
    /// as an operator does before moving the data owner.
    /// </summary>
    public Task WaitForChangeSyncAsync(string module) =>
        Eventually.MatchAsync(async () => (await StatusAsync(module))["pendingChanges"]!.GetValue<int>(), pending => pending == 0,
            $"the whole change log of {module}'s data owner is applied", TimeSpan.FromSeconds(60));

    /// <summary>The strangler proxy in front of the estate, following its plan; the caller disposes it.</summary>
    /// <param name="overrides">Settings of the proxy's own, applied last (a service's address, the fence's length).</param>
    public LoopbackHost<proxy::Program> StartProxy(int port = 0, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Migration:PlanPath"] = PlanPath,
            ["Migration:Admin:Token"] = AdminToken,
            [Contracts.Estate.ServiceKey.ConfigurationKey] = ServiceKey,
            ["Services:legacy:http:0"] = LegacyAddress.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var service in services)
        {
            settings[$"Services:{service.Name}:http:0"] = ServiceAddressOf(service.Module).ToString();
        }

        foreach (var (key, value) in StoreSettings.Concat(overrides ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        return new LoopbackHost<proxy::Program>(settings, port).Start();
    }

    /// <summary>
    /// A client of a host of the estate that calls as the estate does, with its service key: the tests use the hosts'
    /// facades and DataSync status directly, as the monolith and the proxy do.
    /// </summary>
    public static HttpClient EstateCalls(HttpClient client)
    {
        client.DefaultRequestHeaders.Add(Contracts.Estate.ServiceKey.Header, ServiceKey);
        return client;
    }

    /// <summary>A client of the proxy's admin API.</summary>
    public static HttpClient AdminClient(LoopbackHost<proxy::Program> proxy)
    {
        var admin = proxy.CreateManagementClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        return admin;
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_frontDoor is not null)
        {
            await _frontDoor.DisposeAsync();
        }

        foreach (var service in _workers.Values.Concat(_services.Values))
        {
            await service.Host.DisposeAsync();
        }

        if (_legacy is not null)
        {
            await _legacy.DisposeAsync();
        }

        if (PlanStoreConnection is not null)
        {
            await (await PostgresServer.GetAsync()).DropDatabaseAsync(PlanStoreConnection);
        }

        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}

/// <summary>An extracted service of the estate: its module, its service name, and how its host starts (settings, port).</summary>
public sealed record EstateService(string Module, string Name, Func<IReadOnlyDictionary<string, string?>, int, StartedService> Start)
{
    public static EstateService For<TProgram>(string module, string name)
        where TProgram : class =>
        new(module, name, (settings, port) =>
        {
            var host = new LoopbackHost<TProgram>(settings, port).Start();
            return new StartedService(Estate.EstateCalls(host.CreateClient()), host.Address, host.ManagementAddress, host.Services, host);
        });
}

/// <summary>A running service host: a client, its address, its management port's address, its services, and the host to dispose.</summary>
public sealed record StartedService(HttpClient Client, Uri Address, Uri ManagementAddress, IServiceProvider Services, IAsyncDisposable Host);
