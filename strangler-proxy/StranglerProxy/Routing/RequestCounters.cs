using System.Collections.Concurrent;

namespace StranglerProxy.Routing;

/// <summary>
/// Requests per module and target since the proxy started, and those the backend failed (<see cref="Safety.ServiceOutcomes"/>:
/// never a client's abort), for the status API and the dashboard.
/// </summary>
internal sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, Counts> _modules = new(StringComparer.Ordinal);

    public void Count(string module, Target target, bool failed = false)
    {
        var counts = _modules.GetOrAdd(module, static _ => new Counts());
        if (failed)
        {
            Interlocked.Increment(ref counts.Failed);
        }

        if (target == Target.Legacy)
        {
            Interlocked.Increment(ref counts.Legacy);
        }
        else
        {
            Interlocked.Increment(ref counts.Extracted);
        }
    }

    public (long Legacy, long Extracted) Get(string module) =>
        _modules.TryGetValue(module, out var counts)
            ? (Interlocked.Read(ref counts.Legacy), Interlocked.Read(ref counts.Extracted))
            : (0, 0);

    public long Failed(string module) => _modules.TryGetValue(module, out var counts) ? Interlocked.Read(ref counts.Failed) : 0;

    /// <summary>A safe request the monolith answered after the service failed it (counted as served by the monolith too).</summary>
    public void FellBack(string module) => Interlocked.Increment(ref _modules.GetOrAdd(module, static _ => new Counts()).Fallbacks);

    public long Fallbacks(string module) => _modules.TryGetValue(module, out var counts) ? Interlocked.Read(ref counts.Fallbacks) : 0;

    private sealed class Counts
    {
        public long Legacy;
        public long Extracted;
        public long Failed;
        public long Fallbacks;
    }
}
