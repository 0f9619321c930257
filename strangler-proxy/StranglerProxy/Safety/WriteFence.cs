using System.Collections.Concurrent;
using StranglerProxy.Store;

namespace StranglerProxy.Safety;

/// <summary>
/// Holds a module's writes while its data owner changes. Every write the proxy forwards for a module
/// holds a lease for as long as it is in flight; raising the fence makes new writes wait (they are
/// routed afterwards, by the plan then in force) and lets the flip wait until the writes already on
/// their way to the old owner are done. A raised fence may also refuse its writes (503) when this proxy
/// cannot know where they belong (it lost the shared store in the middle of a move), and a proxy whose
/// lease in the shared store lapsed refuses every write (<see cref="StoreLeaseClock"/>).
/// </summary>
internal sealed class WriteFence(StoreLeaseClock lease)
{
    private readonly ConcurrentDictionary<string, ModuleFence> _modules = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits while the module's fence is up, then counts the write as in flight until the lease is disposed;
    /// or, when the write must not go anywhere now, a lease that says why (<see cref="Lease.Refusal"/>).
    /// </summary>
    public async ValueTask<Lease> EnterAsync(string module, CancellationToken cancellationToken)
    {
        if (lease.Lapsed)
        {
            return Lease.Refused(StoreLeaseClock.LapsedReason);
        }

        var fence = _modules.GetOrAdd(module, static _ => new ModuleFence());
        while (true)
        {
            // Count first, then look: a fence raised after this point waits for this write.
            Interlocked.Increment(ref fence.InFlight);
            var held = Volatile.Read(ref fence.Held);
            if (held is null)
            {
                return new Lease(fence, null);
            }

            fence.Leave();
            if (held.Refusal is { } refusal)
            {
                return Lease.Refused(refusal);
            }

            Interlocked.Increment(ref fence.Waiting);
            try
            {
                await Task.WhenAny(held.Lowered.Task, held.Refusing.Task).WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref fence.Waiting);
            }
        }
    }

    /// <summary>Raises the module's fence: new writes wait until the returned hold is disposed.</summary>
    /// <exception cref="InvalidOperationException">Another move holds the module's writes already.</exception>
    public Hold Raise(string module)
    {
        var fence = _modules.GetOrAdd(module, static _ => new ModuleFence());
        var held = new Hold(fence);
        return Interlocked.CompareExchange(ref fence.Held, held, null) is null
            ? held
            : throw new InvalidOperationException($"The writes of '{module}' are already held by another flip.");
    }

    /// <summary>
    /// Raises the module's fence, waits for its in-flight writes to finish, and runs <paramref name="whileHeld"/>;
    /// lowers the fence whatever happens. Null when the writes in flight did not finish by <paramref name="deadline"/>.
    /// </summary>
    public async Task<T?> HoldAsync<T>(string module, DateTimeOffset deadline, TimeProvider time, Func<Task<T?>> whileHeld, CancellationToken cancellationToken)
        where T : class
    {
        using var held = Raise(module);
        return await held.DrainedAsync(deadline, time, cancellationToken) ? await whileHeld() : null;
    }

    /// <summary>Writes of the module held at the fence right now.</summary>
    public int Waiting(string module) => _modules.TryGetValue(module, out var fence) ? Volatile.Read(ref fence.Waiting) : 0;

    /// <summary>Whether a flip holds the module's writes right now.</summary>
    public bool IsHeld(string module) => _modules.TryGetValue(module, out var fence) && Volatile.Read(ref fence.Held) is not null;

    /// <summary>A write in flight (dispose when it is done); or, with <see cref="Refusal"/>, a write that must not be sent.</summary>
    public readonly struct Lease(ModuleFence? fence, string? refusal) : IDisposable
    {
        public string? Refusal { get; } = refusal;

        public static Lease Refused(string reason) => new(null, reason);

        public void Dispose() => fence?.Leave();
    }

    /// <summary>A raised fence; disposing it lowers the fence and lets the held writes go on by the plan then in force.</summary>
    public sealed class Hold(ModuleFence fence) : IDisposable
    {
        internal TaskCompletionSource Lowered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal TaskCompletionSource Refusing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal string? Refusal { get; private set; }

        /// <summary>Waits until the writes already in flight are done; false if they are not by <paramref name="deadline"/>.</summary>
        public async Task<bool> DrainedAsync(DateTimeOffset deadline, TimeProvider time, CancellationToken cancellationToken)
        {
            while (Volatile.Read(ref fence.InFlight) > 0)
            {
                if (time.GetUtcNow() >= deadline)
                {
                    return false;
                }

                await Task.Delay(1, cancellationToken);
            }

            return true;
        }

        /// <summary>From now until the fence is lowered, the held writes and any new one are refused (503) with <paramref name="reason"/>.</summary>
        public void Refuse(string reason)
        {
            Refusal = reason;
            Refusing.TrySetResult();
        }

        public void Dispose()
        {
            Interlocked.CompareExchange(ref fence.Held, null, this);
            Lowered.TrySetResult();
        }
    }

    internal sealed class ModuleFence
    {
        public int InFlight;
        public int Waiting;
        public Hold? Held;

        public void Leave() => Interlocked.Decrement(ref InFlight);
    }
}
