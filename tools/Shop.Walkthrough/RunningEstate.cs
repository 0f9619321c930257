using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.Walkthrough;

/// <summary>
/// The whole estate as the AppHost describes it (no second description of the topology), started in
/// process on embedded defaults: SQLite files and the plan in the walkthrough's output folder, and an
/// admin token and a service key of this run's own.
/// </summary>
internal sealed class RunningEstate(DistributedApplication app, string adminToken, string serviceKey) : IAsyncDisposable
{
    public string AdminToken { get; } = adminToken;

    /// <summary>The key of the estate's own calls: DataSync's status and reconcile take it.</summary>
    public string ServiceKey { get; } = serviceKey;

    public static async Task<RunningEstate> StartAsync(
        string planPath, string dataFolder, string couplingReport, IReadOnlyList<string> modules, Progress progress, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var serviceKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Migration_AppHost>(
            [
                $"{EstateResources.PlanPathKey}={planPath}",
                $"{EstateResources.AdminTokenKey}={token}",
                $"{EstateResources.ServiceKeyKey}={serviceKey}",
                $"{EstateResources.CouplingReportKey}={couplingReport}",
                $"{EstateResources.LegacyConnectionStringKey}=Data Source={Path.Combine(dataFolder, "shop.db")}",
                $"{EstateResources.CatalogConnectionStringKey}=Data Source={Path.Combine(dataFolder, "catalog.db")}",
                $"{EstateResources.InventoryConnectionStringKey}=Data Source={Path.Combine(dataFolder, "inventory.db")}",
            ],
            cancellationToken);
        // The resources' own logs and the start-up health probes stay out of the way: the walkthrough
        // reports what they did. What goes wrong in the orchestration itself goes to standard error.
        builder.Services.AddLogging(logging => logging
            .ClearProviders()
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("Migration.AppHost.Resources", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error));
        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        var estate = new RunningEstate(app, token, serviceKey);
        string[] resources = [EstateResources.Legacy, .. modules.SelectMany(m => new[] { $"{m}-sync", $"{m}-service" }), EstateResources.Proxy];
        foreach (var resource in resources)
        {
            await progress.WhileAsync($"waiting for {resource} to be healthy",
                () => app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken));
        }

        return estate;
    }

    public Uri Endpoint(string resource) => app.GetEndpoint(resource, "http");

    /// <summary>A host's management port (the proxy's admin API and dashboard, metrics, readiness).</summary>
    public Uri ManagementOf(string resource) => app.GetEndpoint(resource, EstateResources.Management);

    /// <summary>The DataSync worker of a module (status, reconcile).</summary>
    public Uri SyncOf(string module) => Endpoint($"{module}-sync");

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
