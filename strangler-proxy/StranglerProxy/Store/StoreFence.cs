using Microsoft.Extensions.Options;
using Npgsql;
using Plan.Store;
using Plan.Store.PostgreSql;
using StranglerProxy.Safety;

namespace StranglerProxy.Store;

/// <summary>
/// An owner move's fence across the replicas sharing the store, from the replica that runs the move: it
/// opens a fence row (announced at once), confirms its own hold, and waits until every replica with a live
/// lease has confirmed holding the module's writes. A replica whose lease ran out is not waited for: it
/// refuses writes itself (<see cref="StoreLeaseClock"/>). The fence ends in the plan write ("moved") or
/// here ("aborted"), never both: the write happens only while the fence is open. One fence per module is
/// open at a time (a unique index): a second mover is refused at once, and a fence its dead mover left
/// open past its hold is ended by the next.
/// </summary>
internal sealed partial class StoreFence(
    PostgresPlanStore shared, ReplicaIdentity identity, IOptions<StoreOptions> options, TimeProvider time, ILogger<StoreFence> logger) : IReplicaFence
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public async Task<ReplicaHold> HoldEverywhereAsync(ModulePlan module, Stage to, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        string? missing = null;
        try
        {
            await using var connection = await shared.DataSource.OpenConnectionAsync(cancellationToken);
            await using (var open = new NpgsqlCommand(
                $"""
                UPDATE {shared.Table("fences")} SET outcome = 'aborted', ended_at = now()
                WHERE module = @module AND outcome IS NULL AND started_at + hold_for + interval '2 seconds' < now();
                INSERT INTO {shared.Table("fences")} (id, module, started_by, hold_for) VALUES (@id, @module, @self, @holdFor);
                INSERT INTO {shared.Table("fence_holds")} (fence_id, replica_id) VALUES (@id, @self);
                SELECT pg_notify(@channel, @id::text);
                """, connection))
            {
                open.Parameters.AddWithValue("id", id);
                open.Parameters.AddWithValue("module", module.Name);
                open.Parameters.AddWithValue("self", identity.Id);
                open.Parameters.AddWithValue("holdFor", deadline - time.GetUtcNow());
                open.Parameters.AddWithValue("channel", shared.FenceChannel);
                await open.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var waiting = new NpgsqlCommand(
                $"""
                SELECT string_agg(r.id, ', ' ORDER BY r.id) FROM {shared.Table("replicas")} r
                WHERE r.renewed_at > now() - @lease
                  AND NOT EXISTS (SELECT 1 FROM {shared.Table("fence_holds")} h WHERE h.fence_id = @id AND h.replica_id = r.id)
                """, connection);
            waiting.Parameters.AddWithValue("id", id);
            waiting.Parameters.AddWithValue("lease", options.Value.LeaseDuration);
            while (true)
            {
                missing = await waiting.ExecuteScalarAsync(cancellationToken) as string;
                if (missing is null)
                {
                    LogHeldEverywhere(logger, module.Name, id);
                    return new ReplicaHold(id.ToString(), null);
                }

                if (time.GetUtcNow() + PollInterval >= deadline)
                {
                    break;
                }

                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
        catch (PostgresException busy) when (busy.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // One move of a module's owner at a time across the replicas: the other one's fence stays up.
            return new ReplicaHold(null, "another replica is moving the module's data owner right now");
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            return new ReplicaHold(id.ToString(), $"the plan store could not be reached to hold the writes of every replica ({ex.Message})");
        }

        return new ReplicaHold(id.ToString(), $"replica(s) {missing} did not confirm holding the module's writes within the fence");
    }

    public async Task AbortAsync(ReplicaHold hold)
    {
        try
        {
            await using var connection = await shared.DataSource.OpenConnectionAsync();
            await using var abort = new NpgsqlCommand(
                $"""
                UPDATE {shared.Table("fences")} SET outcome = 'aborted', ended_at = now() WHERE id = @id AND outcome IS NULL;
                SELECT pg_notify(@channel, @id::text);
                """, connection);
            abort.Parameters.AddWithValue("id", Guid.Parse(hold.Fence!));
            abort.Parameters.AddWithValue("channel", shared.FenceChannel);
            await abort.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            // The others give the fence up themselves once it outlives its hold; nothing was written.
            LogAbortFailed(logger, hold.Fence!, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Every live replica holds the writes of {Module} (fence {Fence})")]
    private static partial void LogHeldEverywhere(ILogger logger, string module, Guid fence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not end fence {Fence} in the plan store: {Reason}; the replicas give it up when it outlives its hold")]
    private static partial void LogAbortFailed(ILogger logger, string fence, string reason);
}
