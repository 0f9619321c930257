using Plan;
using DataSync.Backfill;
using DataSync.Hosting;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataSync.Jobs;

/// <summary>The Hangfire job that backfills a module from the monolith's database into the service's.</summary>
public sealed partial class BackfillJob(IServiceProvider services, BackfillRunner runner, PlanStage plan, IOptions<DataSyncOptions> options,
    ILogger<BackfillJob> logger)
{
    /// <summary>Runs (or resumes) the backfill; never twice at once for one module.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<long> RunAsync(string module, PerformContext? context, CancellationToken cancellationToken)
    {
        var sync = services.GetServices<ModuleSync>().SingleOrDefault(m => m.Name == module)
            ?? throw new InvalidOperationException($"No module '{module}' is registered for DataSync.");
        // Once the service owns the data, copying the monolith's rows over it would undo newer writes.
        if (DataOwnership.DirectionAt(plan.Of(module)) != SyncDirection.LegacyToService)
        {
            LogSkipped(logger, module);
            return 0;
        }

        await using var scope = services.CreateAsyncScope();
        await using var legacy = sync.OpenLegacy(scope.ServiceProvider);
        await using var service = sync.OpenService(scope.ServiceProvider);
        var run = new BackfillOptions(module)
        {
            BatchSize = options.Value.BatchSize,
            Progress = context is null ? null : new JobPageProgress(text => context.SetJobParameter("progress", text), logger),
            // The owner may move while the backfill runs: it stops at the next batch rather than overwrite newer writes.
            SourceStillOwns = () => DataOwnership.DirectionAt(plan.Of(module)) == SyncDirection.LegacyToService,
        };
        BackfillResult result;
        try
        {
            result = await runner.RunAsync(legacy, service, run, cancellationToken);
        }
        catch (BackfillStoppedException stopped)
        {
            // Not a failure to retry: the service owns the data now.
            LogStopped(logger, module, stopped.Message);
            return 0;
        }

        return result.Rows;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill of {Module}: {Reason}")]
    private static partial void LogStopped(ILogger logger, string module, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill of {Module} skipped: the plan makes the service the data owner")]
    private static partial void LogSkipped(ILogger logger, string module);
}
