using System.Diagnostics;
using Microsoft.Extensions.Options;
using Plan.Store;

namespace StranglerProxy.Store;

/// <summary>
/// Whether this replica's lease in the shared store may have run out. Other replicas stop waiting for a
/// replica whose lease expired, so an owner move can go ahead without it; a replica that could not renew
/// for half its lease therefore takes no writes (503) until it renews, rather than risk sending one to an
/// owner that is no longer the owner. The other half of the lease is left for its writes already in flight.
/// With a plan file there is no lease, and nothing lapses.
/// </summary>
internal sealed class StoreLeaseClock(IOptions<StoreOptions> options)
{
    public const string LapsedReason =
        "This proxy cannot reach the plan store to renew its lease, so an owner move may be under way without it: it takes no writes until it reaches the store again.";

    private readonly long _limit = (long)(options.Value.LeaseDuration.TotalSeconds / 2 * Stopwatch.Frequency);
    private readonly bool _leased = options.Value.Provider == StoreProvider.PostgreSql;
    private long _renewedAt = long.MinValue / 2;

    /// <summary>One read on every write's path: the time of the last renewal that succeeded, against half the lease.</summary>
    public bool Lapsed => _leased && Stopwatch.GetTimestamp() - Volatile.Read(ref _renewedAt) > _limit;

    /// <summary>A renewal sent at <paramref name="sentAt"/> (a <see cref="Stopwatch"/> timestamp) succeeded: the lease runs from when it was sent.</summary>
    public void Renewed(long sentAt) => Volatile.Write(ref _renewedAt, sentAt);
}
