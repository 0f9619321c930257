using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>
/// The estate as Aspire runs it. Resource names are the service names of migration.json, so service
/// discovery resolves the same names locally, in the AppHost and in a cluster.
/// </summary>
public static class EstateResources
{
    public const string Legacy = "legacy";

    /// <summary>The strangler-fig front door; clients talk to it, never to a service directly.</summary>
    public const string Proxy = "proxy";

    /// <summary>The extracted catalog, two replicas behind the proxy.</summary>
    public const string CatalogService = "catalog-service";

    /// <summary>The catalog's DataSync worker: the same program in the worker role, so each job runs once.</summary>
    public const string CatalogSync = "catalog-sync";

    /// <summary>The extracted inventory, two replicas behind the proxy, and its DataSync worker.</summary>
    public const string InventoryService = "inventory-service";

    public const string InventorySync = "inventory-sync";

    /// <summary>
    /// The endpoint of each host's management port (metrics, OpenAPI, readiness, the proxy's admin API and
    /// dashboard): loopback only, never the traffic port.
    /// </summary>
    public const string Management = "management";

    /// <summary>The proxy's management port, fixed so the dashboard has one address to bookmark.</summary>
    public const int ProxyManagementPort = 8081;

    /// <summary>Optional override of the plan the proxy follows ("Estate:PlanPath"); by default the repository's migration.json.</summary>
    public const string PlanPathKey = "Estate:PlanPath";

    /// <summary>Optional override of the monolith's database ("Estate:Legacy:ConnectionString").</summary>
    public const string LegacyConnectionStringKey = "Estate:Legacy:ConnectionString";

    /// <summary>Optional override of the catalog service's database ("Estate:Catalog:ConnectionString").</summary>
    public const string CatalogConnectionStringKey = "Estate:Catalog:ConnectionString";

    /// <summary>Optional service key of the estate's own calls (facades, inboxes, DataSync; "Estate:ServiceKey"); by default a new random one per run.</summary>
    public const string ServiceKeyKey = "Estate:ServiceKey";

    /// <summary>Optional admin token of the proxy ("Estate:AdminToken"): turns on its admin API (/migration/api).</summary>
    public const string AdminTokenKey = "Estate:AdminToken";

    /// <summary>Optional coupling report (HTML) the proxy's dashboard shows ("Estate:CouplingReport").</summary>
    public const string CouplingReportKey = "Estate:CouplingReport";

    /// <summary>Optional override of the inventory service's database ("Estate:Inventory:ConnectionString").</summary>
    public const string InventoryConnectionStringKey = "Estate:Inventory:ConnectionString";

    public static IDistributedApplicationBuilder AddShopEstate(this IDistributedApplicationBuilder builder)
    {
        var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
        // Every part follows the same plan: the proxy routes by it, the monolith asks extracted modules over
        // HTTP, and DataSync moves changes from the data owner it names.
        var planPath = builder.Configuration[PlanPathKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.AppHostDirectory)
            : Path.Combine(repository, "migration.json");
        var legacyDatabase = DatabaseOf(builder, LegacyConnectionStringKey, Path.Combine(repository, "legacy", "Shop.Host", "data", "shop.db"));
        // Readiness includes every module database, so "healthy" in the dashboard means serving.
        // The estate's own calls (facades over HTTP, event inboxes, DataSync's endpoints) carry this key.
        var serviceKey = builder.Configuration[ServiceKeyKey] is { Length: > 0 } key ? key : Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var legacy = builder.AddProject<Projects.Shop_Host>(Legacy)
            .WithEnvironment("ConnectionStrings__shop", legacyDatabase)
            .WithEnvironment("Migration__PlanPath", planPath)
            .WithEnvironment("Estate__ServiceKey", serviceKey)
            .WithEnvironment("Events__Self", Legacy)
            .WithManagement();

        var catalog = builder.AddModuleService<Projects.Catalog_Service>("catalog", CatalogService, legacy, legacyDatabase, planPath, serviceKey,
            DatabaseOf(builder, CatalogConnectionStringKey, Path.Combine(repository, "extracted", "Catalog.Service", "data", "catalog.db")));
        var inventory = builder.AddModuleService<Projects.Inventory_Service>("inventory", InventoryService, legacy, legacyDatabase, planPath, serviceKey,
            DatabaseOf(builder, InventoryConnectionStringKey, Path.Combine(repository, "extracted", "Inventory.Service", "data", "inventory.db")));

        var proxy = builder.AddProject<Projects.StranglerProxy>(Proxy)
            .WithReference(legacy)
            .WithReference(catalog)
            .WithReference(inventory)
            .WaitFor(legacy)
            .WithEnvironment("Migration__PlanPath", planPath)
            .WithEnvironment("Estate__ServiceKey", serviceKey)
            .WithManagement(ProxyManagementPort);
        if (builder.Configuration[AdminTokenKey] is { Length: > 0 } adminToken)
        {
            proxy.WithEnvironment("Migration__Admin__Token", adminToken);
        }

        if (builder.Configuration[CouplingReportKey] is { Length: > 0 } couplingReport)
        {
            proxy.WithEnvironment("Migration__Dashboard__CouplingReport", Path.GetFullPath(couplingReport, builder.AppHostDirectory));
        }

        // At canary the monolith calls the module through the front door, so an owner flip holds its writes too.
        legacy.WithReference(proxy);

        return builder;
    }

    /// <summary>
    /// A module's extracted service: its DataSync worker (the same program in the worker role, so each job
    /// runs once), which creates the service's tables and backfills them from the monolith's, then two
    /// replicas serving on that database. The monolith can reach the service (its facade switches to it
    /// once the plan extracts the module). Adding a module is one more call.
    /// </summary>
    private static IResourceBuilder<ProjectResource> AddModuleService<TProject>(this IDistributedApplicationBuilder builder, string module, string service,
        IResourceBuilder<ProjectResource> legacy, string legacyDatabase, string planPath, string serviceKey, string database)
        where TProject : IProjectMetadata, new()
    {
        var sync = builder.AddProject<TProject>($"{module}-sync")
            // Not the launch profile's fixed port: the service's replicas are served there, and two resources
            // on one port leave whichever binds second unreachable (its health check never passes).
            .WithEndpoint("http", endpoint => endpoint.Port = null)
            .WithEnvironment($"ConnectionStrings__{module}", database)
            .WithEnvironment("ConnectionStrings__legacy", legacyDatabase)
            .WithEnvironment("DataSync__Role", "worker")
            // Applied four times a second, so an owner move's fence (2 s) drains with time to spare on a busy machine.
            .WithEnvironment("DataSync__ChangeInterval", "00:00:00.250")
            .WithEnvironment("Migration__PlanPath", planPath)
            .WithEvents(service, serviceKey, legacy)
            .WaitFor(legacy)
            .WithManagement();
        // The replicas read the monolith's database only to report the sync lag the owner-flip fence waits on.
        var replicas = builder.AddProject<TProject>(service)
            .WithReplicas(2)
            .WithEnvironment($"ConnectionStrings__{module}", database)
            .WithEnvironment("ConnectionStrings__legacy", legacyDatabase)
            .WithEnvironment("Migration__PlanPath", planPath)
            .WithEvents(service, serviceKey, legacy)
            .WaitFor(sync)
            .WithManagement();
        legacy.WithReference(replicas);
        return replicas;
    }

    /// <summary>The host's management port (Management:Port), where Aspire probes its readiness.</summary>
    private static IResourceBuilder<ProjectResource> WithManagement(this IResourceBuilder<ProjectResource> project, int? port = null) => project
        .WithHttpEndpoint(port: port, name: Management, env: "Management__Port")
        .WithHttpHealthCheck("/health/ready", endpointName: Management);

    /// <summary>A service's own integration events go to the monolith, where the other modules are.</summary>
    private static IResourceBuilder<ProjectResource> WithEvents(this IResourceBuilder<ProjectResource> service, string name, string key,
        IResourceBuilder<ProjectResource> legacy) => service
        .WithReference(legacy)
        .WithEnvironment("Estate__ServiceKey", key)
        .WithEnvironment("Events__Self", name)
        .WithEnvironment("Events__Upstream__0", Legacy);

    /// <summary>The configured connection string, or a SQLite file in the repository (the embedded default).</summary>
    private static string DatabaseOf(IDistributedApplicationBuilder builder, string key, string sqliteFile) =>
        builder.Configuration[key] is { Length: > 0 } configured ? configured : $"Data Source={sqliteFile}";
}
