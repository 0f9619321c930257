using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StranglerProxy.Plan;
using StranglerProxy.Safety;

namespace StranglerProxy.Dashboard;

/// <summary>
/// What the dashboard's charts draw: per module, a bounded ring of points (one per
/// <see cref="DashboardOptions.ChartInterval"/>, for <see cref="DashboardOptions.ChartWindow"/>), and every
/// stage change this proxy saw within the window, at the moment it took effect here. Points are this
/// replica's own counts; Prometheus sums the replicas (deploy/grafana). A reader gets everything up to the
/// last complete sample (<see cref="DashboardHistory.Through"/>) and asks next for what came after it, so
/// a sample taken while it read, or a stage change stamped meanwhile, is never skipped.
/// </summary>
internal sealed class ChartHistory
{
    private readonly ConcurrentDictionary<string, Ring> _modules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SyncReading> _sync = new(StringComparer.Ordinal);
    private readonly Queue<StageMarker> _markers = new();
    private readonly Lock _markersLock = new();
    private long _through;
    private readonly int _capacity;
    private readonly TimeProvider _time;

    public ChartHistory(PlanStore plans, IOptions<DashboardOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        Interval = settings.ChartInterval;
        Window = settings.ChartWindow;
        _capacity = settings.ChartPoints;
        _time = time;
        var previous = plans.Current.Plan;
        plans.Changed += snapshot =>
        {
            lock (_markersLock)
            {
                // After the last complete sample, so a reader that has it still gets the change.
                var at = Math.Max(_time.GetUtcNow().ToUnixTimeMilliseconds(), _through + 1);
                foreach (var change in StageShift.Between(previous, snapshot.Plan))
                {
                    _markers.Enqueue(new StageMarker(at, change.Module, change.From.ToPlanName(), change.To.ToPlanName(),
                        change.To == Stage.Canary ? change.ToPercent : null));
                }

                Trim(at);
            }

            previous = snapshot.Plan;
        };
    }

    public TimeSpan Interval { get; }

    public TimeSpan Window { get; }

    public void Add(string module, ChartPoint point) => _modules.GetOrAdd(module, _ => new Ring(_capacity)).Add(point);

    /// <summary>Every module's point at <paramref name="at"/> is in: readers may have it.</summary>
    public void Sampled(long at)
    {
        lock (_markersLock)
        {
            _through = Math.Max(_through, at);
        }
    }

    /// <summary>A module's DataSync as its service last reported it (none before the first reading).</summary>
    public SyncReading? Sync(string module) => _sync.GetValueOrDefault(module);

    public void Read(string module, SyncReading reading) => _sync[module] = reading;

    /// <summary>Forgets the modules the plan no longer has.</summary>
    public void Keep(IReadOnlyCollection<string> modules)
    {
        foreach (var name in _modules.Keys.Where(name => !modules.Contains(name)))
        {
            _modules.TryRemove(name, out _);
            _sync.TryRemove(name, out _);
        }
    }

    /// <summary>
    /// The points and markers after <paramref name="since"/> (Unix milliseconds; all without) up to the last complete
    /// sample, module by module in name order.
    /// </summary>
    public DashboardHistory Read(long? since)
    {
        var after = since ?? long.MinValue;
        long through;
        List<StageMarker> markers;
        lock (_markersLock)
        {
            through = _through;
            Trim(_time.GetUtcNow().ToUnixTimeMilliseconds());
            markers = [.. _markers.Where(m => m.At > after && m.At <= through)];
        }

        var modules = _modules.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value.Read(m.Key, after, through)).ToList();
        return new DashboardHistory(Interval.TotalSeconds, _capacity, through, modules, markers);
    }

    private void Trim(long now)
    {
        var oldest = now - (long)Window.TotalMilliseconds;
        while (_markers.TryPeek(out var first) && first.At < oldest)
        {
            _markers.Dequeue();
        }
    }

    /// <summary>
    /// A module's last points, oldest overwritten first; written by the sampler, read by any number of pages. It
    /// holds one point more than it gives: while a sample is being taken, a module may already have its newest
    /// point, which a reader does not get yet, and still gives the whole window before it.
    /// </summary>
    private sealed class Ring(int capacity)
    {
        private readonly ChartPoint[] _points = new ChartPoint[capacity + 1];
        private readonly Lock _lock = new();
        private int _next;
        private int _count;

        public void Add(ChartPoint point)
        {
            lock (_lock)
            {
                _points[_next] = point;
                _next = (_next + 1) % _points.Length;
                _count = Math.Min(_count + 1, _points.Length);
            }
        }

        public ModuleHistory Read(string module, long after, long through)
        {
            lock (_lock)
            {
                var first = (_next - _count + _points.Length) % _points.Length;
                var complete = Enumerable.Range(0, _count).Select(i => _points[(first + i) % _points.Length]).Where(p => p.At <= through).ToList();
                var points = complete.Skip(Math.Max(0, complete.Count - capacity)).Where(p => p.At > after).ToList();
                return new ModuleHistory(module,
                    [.. points.Select(p => p.At)], [.. points.Select(p => p.Legacy)], [.. points.Select(p => p.Service)],
                    [.. points.Select(p => p.Failed)], [.. points.Select(p => p.Fallbacks)], [.. points.Select(p => p.Compared)],
                    [.. points.Select(p => p.Mismatched)], [.. points.Select(p => p.SyncLag)], [.. points.Select(p => p.Stage.ToPlanName())]);
            }
        }
    }
}

/// <summary>
/// One module over one interval ending at <see cref="At"/> (Unix milliseconds): requests each side served,
/// those the backend failed, the fallbacks to the monolith, shadow comparisons and mismatches (errors
/// included, as the gate counts them), and the sync lag last read (null: not read, or no tables).
/// </summary>
internal readonly record struct ChartPoint(
    long At, int Legacy, int Service, int Failed, int Fallbacks, int Compared, int Mismatched, int? SyncLag, Stage Stage);
