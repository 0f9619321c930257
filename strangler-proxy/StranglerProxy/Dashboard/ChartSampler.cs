using System.Collections.Concurrent;
using StranglerProxy.Plan;
using StranglerProxy.Routing;
using StranglerProxy.Safety;
using StranglerProxy.Shadow;

namespace StranglerProxy.Dashboard;

/// <summary>
/// Takes a point of every module for the charts each <see cref="ChartHistory.Interval"/>: what the proxy's
/// counters gained since the last point. The counters are read in the tick; a module's sync lag is asked of
/// its service beside it, never waited for, and the point carries the last answer.
/// </summary>
internal sealed class ChartSampler(
    ChartHistory history, PlanStore plans, RequestCounters counters, ShadowStats shadow, DataSyncStatus sync, TimeProvider time) : BackgroundService
{
    /// <summary>A service slower than this to report its sync leaves a gap in the lag chart.</summary>
    private static readonly TimeSpan SyncStatusLimit = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, Totals> _previous = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int?> _lag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _reading = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(history.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Sample(stoppingToken);
        }
    }

    private void Sample(CancellationToken cancellationToken)
    {
        var plan = plans.Current.Plan;
        var at = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var module in plan.Modules.Values)
        {
            var (legacy, service) = counters.Get(module.Name);
            var compared = shadow.LocalTotals(module.Name);
            var now = new Totals(legacy, service, counters.Failed(module.Name), counters.Fallbacks(module.Name), compared.Compared, compared.Mismatched + compared.Errors);
            var before = _previous.GetValueOrDefault(module.Name);
            history.Add(module.Name, new ChartPoint(at,
                Gained(now.Legacy, before.Legacy), Gained(now.Service, before.Service), Gained(now.Failed, before.Failed),
                Gained(now.Fallbacks, before.Fallbacks), Gained(now.Compared, before.Compared), Gained(now.Mismatched, before.Mismatched),
                module.Tables.Any ? _lag.GetValueOrDefault(module.Name) : null, module.Stage));
            _previous[module.Name] = now;
            if (module.Tables.Any)
            {
                ReadLag(module, cancellationToken);
            }
        }

        history.Keep(plan.Modules.Keys);
    }

    /// <summary>What a counter gained; a count that went down was started again (a new shadow period), so all of it is new.</summary>
    private static int Gained(long now, long before) => (int)Math.Min(int.MaxValue, now >= before ? now - before : now);

    private void ReadLag(ModulePlan module, CancellationToken cancellationToken)
    {
        if (_reading.TryGetValue(module.Name, out var running) && !running.IsCompleted)
        {
            return;
        }

        _reading[module.Name] = Task.Run(async () =>
        {
            var reading = await sync.ReadAsync(module, SyncStatusLimit, cancellationToken);
            _lag[module.Name] = reading.Status?.PendingChanges;
        }, cancellationToken);
    }

    private readonly record struct Totals(long Legacy, long Service, long Failed, long Fallbacks, long Compared, long Mismatched);
}
