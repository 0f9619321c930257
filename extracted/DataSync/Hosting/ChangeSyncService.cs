using Plan;
using DataSync.Changes;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataSync.Hosting;

/// <summary>
/// In the worker role: applies the data owner's change log to the other side every few moments, in the
/// direction the plan's stage says. A lock in the Hangfire storage keeps it to one applier per module. After each
/// round, applied or not (a round that fails is when the lag matters most), the lag gauges are brought up to date.
/// </summary>
internal sealed partial class ChangeSyncService(
    IServiceProvider services, ModuleSync module, ChangeApplier applier, PlanStage plan, JobStorage storage, SyncLagRecorder lag,
    IOptions<DataSyncOptions> options, ILogger<ChangeSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ChangeInterval);
        do
        {
            try
            {
                await ApplyAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database that is down for a moment: the log keeps the changes, the next round applies them.
                LogFailed(logger, module.Name, ex.Message);
            }

            await lag.RecordAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var direction = DataOwnership.DirectionAt(plan.Of(module.Name));
        if (direction == SyncDirection.None)
        {
            return;
        }

        IDisposable handle;
        try
        {
            handle = storage.GetConnection().AcquireDistributedLock($"datasync:{module.Name}:changes", TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException)
        {
            return; // Another worker is applying.
        }

        using (handle)
        {
            await using var legacy = module.OpenLegacy(services);
            await using var service = module.OpenService(services);
            var (source, target) = ModuleSync.Sides(direction, legacy, service);
            // Batch after batch while the log has entries, but only while the plan still runs sync this way: once
            // the owner has moved (or the module retired), not one more batch in the old direction.
            while (DataOwnership.DirectionAt(plan.Of(module.Name)) == direction
                && await applier.ApplyAsync(source, target, module.Name, options.Value.BatchSize, cancellationToken) > 0)
            {
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change sync of {Module} failed this round; it retries: {Reason}")]
    private static partial void LogFailed(ILogger logger, string module, string reason);
}
