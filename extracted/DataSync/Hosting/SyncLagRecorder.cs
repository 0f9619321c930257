using System.Diagnostics;
using DataSync.Changes;
using DataSync.Telemetry;
using Microsoft.Extensions.Logging;
using Plan;

namespace DataSync.Hosting;

/// <summary>
/// In the worker role: keeps the module's lag gauges (<see cref="DataSyncMetrics"/>) current. The change sync round may run
/// many times a second and the reading costs a few queries on both sides, so the lag is read at most once per
/// <see cref="Interval"/>. While sync does not run (retired) the lag is not reported at all: a zero would claim the
/// monolith's copy is current while the service's log grows. Nor is it while it cannot be read: no stale figure.
/// </summary>
internal sealed partial class SyncLagRecorder(
    IServiceProvider services, ModuleSync module, ChangeApplier applier, PlanStage plan, DataSyncMetrics metrics, ILogger<SyncLagRecorder> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private long? _readAt;

    /// <summary>Whether the last reading failed: a lag that stays unreadable (a SQL Server login without VIEW SERVER STATE) is logged once, not every second.</summary>
    private bool _unreadable;

    public async Task RecordAsync(CancellationToken cancellationToken)
    {
        if (_readAt is { } last && Stopwatch.GetElapsedTime(last) < Interval)
        {
            return;
        }

        _readAt = Stopwatch.GetTimestamp();
        var direction = DataOwnership.DirectionAt(plan.Of(module.Name));
        if (direction == SyncDirection.None)
        {
            metrics.LagUnknown(module.Name);
            return;
        }

        try
        {
            await using var legacy = module.OpenLegacy(services);
            await using var service = module.OpenService(services);
            var (source, target) = ModuleSync.Sides(direction, legacy, service);
            var lag = await applier.LagAsync(source, target, module.Name, cancellationToken);
            metrics.Lag(module.Name, direction, lag.Pending, lag.OldestPending);
            _unreadable = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.LagUnknown(module.Name);
            if (!_unreadable)
            {
                _unreadable = true;
                LogUnreadable(logger, module.Name, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sync lag of {Module} cannot be read; it is not reported until it can: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string module, string reason);
}
