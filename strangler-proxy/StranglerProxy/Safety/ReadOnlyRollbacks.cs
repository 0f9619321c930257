using System.Collections.Concurrent;

namespace StranglerProxy.Safety;

/// <summary>
/// Modules an automatic rollback could take back for reads only: their service failed, but its change log
/// could not drain into the monolith within the fence, so moving writes there would hand them to an owner
/// that misses some. While a module is here (and still at the stage it was in), the monolith serves its
/// safe requests and its writes are refused with 503 and Retry-After. It ends when the fenced move
/// completes or the module's stage changes by any other way.
/// </summary>
internal sealed class ReadOnlyRollbacks
{
    /// <summary>What a refused write is told to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, ReadOnlyRollback> _modules = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Whether any module is rolled back for reads only: one read on every request's path.</summary>
    public bool Any => Volatile.Read(ref _count) > 0;

    public void Begin(ReadOnlyRollback rollback)
    {
        if (_modules.TryAdd(rollback.Module, rollback))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void End(string module)
    {
        if (_modules.TryRemove(module, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>The module's read-only rollback, while the plan still has it at the stage the rollback began in.</summary>
    public ReadOnlyRollback? Of(ModulePlan module) =>
        _modules.TryGetValue(module.Name, out var rollback) && rollback.Stage == module.Stage ? rollback : null;
}

/// <summary>Reads moved to the monolith, writes refused, since <see cref="Since"/>, for <see cref="Reason"/>.</summary>
internal sealed record ReadOnlyRollback(string Module, Stage Stage, Stage Target, string Reason, DateTimeOffset Since);
