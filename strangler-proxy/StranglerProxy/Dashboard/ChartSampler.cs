using System.Collections.Concurrent;
using StranglerProxy.Plan;
using StranglerProxy.Routing;
using StranglerProxy.Safety;
using StranglerProxy.Shadow;

namespace StranglerProxy.Dashboard;

/// <summary>
/// Takes a point of every module for the charts each <see cref="ChartHistory.Interval"/>: what the proxy's
/// counters gained since the last point. The counters are read in the tick; a module's DataSync status is
/// asked of its service beside it, never waited for: the point and the dashboard's table carry the last
/// answer, so no page, however many are open, makes the proxy call a service.
/// </summary>
internal sealed class ChartSampler(
    ChartHistory history, PlanStore plans, RequestCounters counters, ShadowStats shadow, DataSyncStatus sync, TimeProvider time) : BackgroundService
{
    private readonly Dictionary<string, Totals> _previous = new(StringComparer.Ordinal);
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
            var now = new Totals(legacy, service, counters.Failed(module.Name), counters.Fallbacks(module.Name), compared.Since, compared.Compared, compared.Failed);
            var before = _previous.GetValueOrDefault(module.Name);
            // A new shadow period starts its counts afresh: all of them are new since the last point.
            var (comparedBefore, failedBefore) = now.ShadowSince == before.ShadowSince ? (before.Compared, before.Mismatched) : (0, 0);
            history.Add(module.Name, new ChartPoint(at,
                Gained(now.Legacy, before.Legacy), Gained(now.Service, before.Service), Gained(now.Failed, before.Failed),
                Gained(now.Fallbacks, before.Fallbacks), Gained(now.Compared, comparedBefore), Gained(now.Mismatched, failedBefore),
                module.Tables.Any ? history.Sync(module.Name)?.Status?.PendingChanges : null, module.Stage));
            _previous[module.Name] = now;
            if (module.Tables.Any)
            {
                ReadLag(module, cancellationToken);
            }
        }

        history.Keep(plan.Modules.Keys);
        history.Sampled(at);
    }

    private static int Gained(long now, long before) => (int)Math.Clamp(now - before, 0, int.MaxValue);

    private void ReadLag(ModulePlan module, CancellationToken cancellationToken)
    {
        if (_reading.TryGetValue(module.Name, out var running) && !running.IsCompleted)
        {
            return;
        }

        _reading[module.Name] = Task.Run(async () =>
        {
            history.Read(module.Name, await sync.ReadAsync(module, DataSyncStatus.DashboardLimit, cancellationToken));
        }, cancellationToken);
    }

    private readonly record struct Totals(long Legacy, long Service, long Failed, long Fallbacks, DateTimeOffset ShadowSince, long Compared, long Mismatched);
}
