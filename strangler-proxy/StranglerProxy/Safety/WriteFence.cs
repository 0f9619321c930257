using System.Collections.Concurrent;

namespace StranglerProxy.Safety;

/// <summary>
/// Holds a module's writes while its data owner changes. Every write the proxy forwards for a module
/// holds a lease for as long as it is in flight; raising the fence makes new writes wait (they are
/// routed afterwards, by the plan then in force) and lets the flip wait until the writes already on
/// their way to the old owner are done.
/// </summary>
internal sealed class WriteFence
{
    private readonly ConcurrentDictionary<string, ModuleFence> _modules = new(StringComparer.Ordinal);

    /// <summary>Waits while the module's fence is up, then counts the write as in flight until the lease is disposed.</summary>
    public async ValueTask<Lease> EnterAsync(string module, CancellationToken cancellationToken)
    {
        var fence = _modules.GetOrAdd(module, static _ => new ModuleFence());
        while (true)
        {
            // Count first, then look: a fence raised after this point waits for this write.
            Interlocked.Increment(ref fence.InFlight);
            var held = Volatile.Read(ref fence.Held);
            if (held is null)
            {
                return new Lease(fence);
            }

            fence.Leave();
            Interlocked.Increment(ref fence.Waiting);
            try
            {
                await held.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref fence.Waiting);
            }
        }
    }

    /// <summary>
    /// Raises the module's fence, waits for its in-flight writes to finish, and runs <paramref name="whileHeld"/>;
    /// lowers the fence whatever happens. Null when the writes in flight did not finish by <paramref name="deadline"/>.
    /// </summary>
    public async Task<T?> HoldAsync<T>(string module, DateTimeOffset deadline, TimeProvider time, Func<Task<T?>> whileHeld, CancellationToken cancellationToken)
        where T : class
    {
        var fence = _modules.GetOrAdd(module, static _ => new ModuleFence());
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref fence.Held, held, null) is not null)
        {
            throw new InvalidOperationException($"The writes of '{module}' are already held by another flip.");
        }

        try
        {
            while (Volatile.Read(ref fence.InFlight) > 0)
            {
                if (time.GetUtcNow() >= deadline)
                {
                    return null;
                }

                await Task.Delay(1, cancellationToken);
            }

            return await whileHeld();
        }
        finally
        {
            Volatile.Write(ref fence.Held, null);
            held.SetResult();
        }
    }

    /// <summary>Writes of the module held at the fence right now.</summary>
    public int Waiting(string module) => _modules.TryGetValue(module, out var fence) ? Volatile.Read(ref fence.Waiting) : 0;

    /// <summary>Whether a flip holds the module's writes right now.</summary>
    public bool IsHeld(string module) => _modules.TryGetValue(module, out var fence) && Volatile.Read(ref fence.Held) is not null;

    public readonly struct Lease(ModuleFence? fence) : IDisposable
    {
        public void Dispose() => fence?.Leave();
    }

    internal sealed class ModuleFence
    {
        public int InFlight;
        public int Waiting;
        public TaskCompletionSource? Held;

        public void Leave() => Interlocked.Decrement(ref InFlight);
    }
}
