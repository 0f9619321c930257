namespace StranglerProxy.Safety;

/// <summary>
/// Answers and failures over a sliding window, in 60 buckets (one per sixtieth of the window), so that
/// recording is constant work and old answers drop out as time passes.
/// </summary>
internal sealed class ErrorWindow(TimeSpan window)
{
    private const int Buckets = 60;

    private readonly long _bucketTicks = Math.Max(1, window.Ticks / Buckets);
    private readonly long[] _slot = new long[Buckets];
    private readonly int[] _total = new int[Buckets];
    private readonly int[] _failed = new int[Buckets];
    private readonly Lock _gate = new();

    public TimeSpan Window { get; } = window;

    /// <summary>Counts one answer: constant work, as it runs on every request to the extracted side.</summary>
    public void Add(DateTimeOffset now, bool failed)
    {
        var slot = now.UtcTicks / _bucketTicks;
        lock (_gate)
        {
            var index = (int)(slot % Buckets);
            if (_slot[index] != slot)
            {
                (_slot[index], _total[index], _failed[index]) = (slot, 0, 0);
            }

            _total[index]++;
            if (failed)
            {
                _failed[index]++;
            }
        }
    }

    /// <summary>The answers and failures within the window that ends now.</summary>
    public (int Total, int Failed) Totals(DateTimeOffset now)
    {
        var slot = now.UtcTicks / _bucketTicks;
        lock (_gate)
        {
            int total = 0, failures = 0;
            for (var i = 0; i < Buckets; i++)
            {
                if (_slot[i] > slot - Buckets)
                {
                    total += _total[i];
                    failures += _failed[i];
                }
            }

            return (total, failures);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_slot);
            Array.Clear(_total);
            Array.Clear(_failed);
        }
    }
}
