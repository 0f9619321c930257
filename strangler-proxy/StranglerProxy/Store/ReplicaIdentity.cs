using Plan.Store;

namespace StranglerProxy.Store;

/// <summary>
/// This proxy's name among the replicas sharing a store: Migration:Store:ReplicaId, or the machine name and
/// process id with a random suffix (containers on one host share the host's name and often run as process 1).
/// </summary>
internal sealed record ReplicaIdentity(string Id)
{
    public static ReplicaIdentity From(StoreOptions options) =>
        new(options.ReplicaId is { Length: > 0 } configured
            ? configured
            : $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}");
}
