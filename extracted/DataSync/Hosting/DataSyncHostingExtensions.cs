using Contracts.DataSync;
using DataSync.Backfill;
using DataSync.Changes;
using DataSync.Reconcile;
using Microsoft.AspNetCore.Http;
using DataSync.Hosting;
using DataSync.Jobs;
using DataSync.Telemetry;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Plan;
using ServiceDefaults.Management;
using Contracts.Estate;

namespace Microsoft.Extensions.DependencyInjection;

public static class DataSyncHostingExtensions
{
    public const string DashboardPath = "/hangfire";

    /// <summary>
    /// DataSync for one module: Hangfire with the configured storage ("DataSync:Storage"), its jobs, and,
    /// in the worker role ("DataSync:Role" = worker), the server that runs them.
    /// </summary>
    public static IHostApplicationBuilder AddDataSync(this IHostApplicationBuilder builder, ModuleSync module)
    {
        var options = builder.Configuration.GetSection(DataSyncOptions.SectionName).Get<DataSyncOptions>() ?? new DataSyncOptions();
        if (options.Storage is null)
        {
            // Follow the service's own database: Hangfire's tables live beside the module's.
            var provider = builder.Configuration["Database:Provider"];
            options = options with
            {
                Storage = provider is { Length: > 0 } && !provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) ? provider : "InMemory",
                StorageConnectionString = options.StorageConnectionString ?? builder.Configuration.GetConnectionString(module.Name),
            };
        }

        var services = builder.Services;
        services.AddSingleton(Options.Options.Create(options));
        services.AddSingleton(module);
        services.AddSingleton<DataSyncMetrics>();
        services.AddSingleton<BackfillRunner>();
        services.AddSingleton<ChangeApplier>();
        PlanStage.AddTo(services, builder.Configuration);
        services.AddTransient<BackfillJob>();
        services.AddSingleton<Reconciler>();
        services.AddTransient<ReconcileJob>();
        // The storage is this host's own: created when Hangfire is configured for this host (after it has
        // pointed its process-wide logging at this host), and registered before AddHangfire, whose own
        // registrations defer to it. Two hosts in one process (tests) then never share jobs.
        JobStorage? storage = null;
        services.AddSingleton(provider =>
        {
            _ = provider.GetRequiredService<IGlobalConfiguration>();
            return storage!;
        });
        services.AddHangfire((_, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(storage ??= CreateStorage(options)));
        if (options.IsWorker)
        {
            services.AddHangfireServer(server => server.ServerName = $"datasync-{module.Name}-{Environment.MachineName}-{Environment.ProcessId}");
            services.AddHostedService<BackfillOnStart>();
            services.AddSingleton<SyncLagRecorder>();
            services.AddHostedService<ChangeSyncService>();
            services.AddHostedService<RecurringReconcile>();
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(DataSyncMetrics.MeterName));
        return builder;
    }

    /// <summary>
    /// The Hangfire dashboard, on the management port and for requests from this machine only; and, for the estate's own calls (with its
    /// service key, see <see cref="ServiceKey"/>), the reconcile endpoint (<c>POST /datasync/reconcile/{module}?repair=true</c>,
    /// what <c>migrate reconcile</c> calls, from this machine too) and the status (what the proxy's owner-move fence
    /// reads). Without a service key neither exists.
    /// </summary>
    public static WebApplication MapDataSync(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new LocalRequestsOnlyAuthorizationFilter()],
            DisplayStorageConnectionString = false,
        }).OnManagementPort();
        if (ServiceKey.From(app.Configuration) is not { } key)
        {
            return app;
        }

        app.MapPost(ReconcileReport.Route, async (string module, bool? repair, ModuleSync sync, ReconcileJob job, CancellationToken cancellationToken) =>
                module != sync.Name
                    ? Results.Problem($"This service syncs module '{sync.Name}', not '{module}'.", statusCode: StatusCodes.Status404NotFound)
                    : Results.Ok(await job.RunAsync(module, repair ?? false, cancellationToken)))
            .AddEndpointFilter(async (context, next) => IsLocal(context.HttpContext)
                ? await next(context)
                : Results.Problem("DataSync endpoints answer requests from this machine only.", statusCode: StatusCodes.Status403Forbidden))
            .RequireServiceKey(key)
            .ExcludeFromDescription();
        // Read-only figures, no data, but still the estate's: the proxy's fence, the walkthrough, operators with the key.
        app.MapGet(SyncStatus.Route, async (string module, ModuleSync sync, PlanStage plan, ChangeApplier applier, BackfillRunner backfill,
                IServiceProvider services, CancellationToken cancellationToken) =>
            {
                if (module != sync.Name)
                {
                    return Results.Problem($"This service syncs module '{sync.Name}', not '{module}'.", statusCode: StatusCodes.Status404NotFound);
                }

                var stage = plan.Of(module);
                var direction = DataOwnership.DirectionAt(stage);
                await using var legacy = sync.OpenLegacy(services);
                await using var service = sync.OpenService(services);
                // The owner's log not yet applied on the other side; at retired, how far the monolith's copy has fallen behind.
                var lag = DataOwnership.OwnerAt(stage) == DataOwner.Service
                    ? await applier.LagAsync(service, legacy, module, cancellationToken)
                    : await applier.LagAsync(legacy, service, module, cancellationToken);
                var backfilled = await backfill.IsCompleteAsync(service, module, cancellationToken);
                return Results.Ok(new SyncStatus(module, stage.ToPlanName(), direction, backfilled, lag.AppliedUpTo, lag.Pending,
                    Math.Round(lag.OldestPending.TotalSeconds, 3), lag.InOpenTransactions));
            })
            .RequireServiceKey(key)
            .ExcludeFromDescription();
        return app;
    }

    private static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && (System.Net.IPAddress.IsLoopback(remote) || remote.Equals(context.Connection.LocalIpAddress));

    private static JobStorage CreateStorage(DataSyncOptions options) => options.Storage!.ToLowerInvariant() switch
    {
        "inmemory" => new InMemoryStorage(new InMemoryStorageOptions()),
        "postgresql" => new PostgreSqlStorage(new NpgsqlConnectionFactory(Required(options.StorageConnectionString), new PostgreSqlStorageOptions())),
        "sqlserver" => new Hangfire.SqlServer.SqlServerStorage(Required(options.StorageConnectionString)),
        _ => throw new InvalidOperationException($"Configuration 'DataSync:Storage' is '{options.Storage}'; expected InMemory, PostgreSql or SqlServer."),
    };

    private static string Required(string? connectionString) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException("Configuration 'DataSync:StorageConnectionString' is required for a PostgreSql or SqlServer storage.")
            : connectionString;
}

/// <summary>Registers the hourly reconcile (report only: repairs are an operator's decision).</summary>
internal sealed class RecurringReconcile(IRecurringJobManager jobs, ModuleSync module, IOptions<DataSyncOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<ReconcileJob>($"{ReconcileJob.RecurringId}-{module.Name}", job => job.RunAsync(module.Name, false, CancellationToken.None),
            options.Value.ReconcileCron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Queues the module's backfill when the worker starts; the checkpoint makes that safe to repeat.</summary>
internal sealed class BackfillOnStart(IBackgroundJobClient jobs, ModuleSync module, IOptions<DataSyncOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.BackfillOnStart)
        {
            jobs.Enqueue<BackfillJob>(job => job.RunAsync(module.Name, null, CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
