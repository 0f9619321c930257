using System.Collections.Concurrent;
using Npgsql;
using Plan.Store.PostgreSql;
using StranglerProxy.Plan;
using StranglerProxy.Safety;

namespace StranglerProxy.Store;

/// <summary>
/// This replica's part in owner moves run by another replica. When a fence opens (announced at once; also
/// found by a poll every 250 ms), it holds the module's writes, waits for its own writes in flight, and
/// confirms the hold in the store. It then waits for the fence's end: "moved", and it lets the held writes
/// go once it serves the plan version the move wrote; "aborted", and they go on to the old owner. If the
/// fence outlives its hold (its mover died), this replica aborts it itself, which the mover's write can
/// then never pass. If this replica cannot reach the store to learn the end, it does not guess: the held
/// writes, and any new one for the module, are refused (503) until it can.
/// </summary>
internal sealed partial class FenceFollower(
    PostgresPlanStore shared, PlanStore plans, WriteFence fence, ReplicaIdentity identity, TimeProvider time, ILogger<FenceFollower> logger)
    : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan OutcomePoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Unreachable = TimeSpan.FromMilliseconds(500);

    /// <summary>How long past its hold a fence is waited for before this replica gives it up.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, Task> _holding = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await shared.DataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN \"{shared.FenceChannel}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await ScanAsync(connection, stoppingToken);
                    await connection.WaitAsync(Poll, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogLost(logger, ex.Message);
                await Task.Delay(Unreachable, stoppingToken);
            }
        }
    }

    private async Task ScanAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        await using var open = new NpgsqlCommand(
            $"""
            SELECT id, module, hold_for - (now() - started_at) FROM {shared.Table("fences")}
            WHERE outcome IS NULL AND started_by <> @self AND started_at > now() - interval '10 minutes'
            """, connection);
        open.Parameters.AddWithValue("self", identity.Id);
        var found = new List<(Guid Id, string Module, TimeSpan Remaining)>();
        await using (var reader = await open.ExecuteReaderAsync(stoppingToken))
        {
            while (await reader.ReadAsync(stoppingToken))
            {
                found.Add((reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<TimeSpan>(2)));
            }
        }

        foreach (var (id, module, remaining) in found)
        {
            if (!_holding.ContainsKey(id))
            {
                _holding[id] = Task.Run(() => HoldAsync(id, module, remaining, stoppingToken), CancellationToken.None);
            }
        }
    }

    private async Task HoldAsync(Guid id, string module, TimeSpan remaining, CancellationToken stoppingToken)
    {
        try
        {
            WriteFence.Hold held;
            try
            {
                held = fence.Raise(module);
            }
            catch (InvalidOperationException)
            {
                // This replica is moving the module's owner itself: that move's own fence holds its writes.
                return;
            }

            using (held)
            {
                var holdEnds = time.GetUtcNow() + (remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
                if (await held.DrainedAsync(holdEnds, time, stoppingToken))
                {
                    await TryAsync(() => ConfirmAsync(id, stoppingToken));
                }

                await AwaitEndAsync(id, module, held, holdEnds + Grace, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the held writes are dropped with the process.
        }
        finally
        {
            _holding.TryRemove(id, out _);
        }
    }

    /// <summary>Waits for the fence to end, and for the plan it wrote; gives it up past <paramref name="giveUpAt"/>.</summary>
    private async Task AwaitEndAsync(Guid id, string module, WriteFence.Hold held, DateTimeOffset giveUpAt, CancellationToken stoppingToken)
    {
        while (true)
        {
            var reachable = await TryAsync(async () =>
            {
                var (outcome, version) = await ReadOutcomeAsync(id, stoppingToken);
                if (outcome is null && time.GetUtcNow() >= giveUpAt)
                {
                    await AbortAsync(id, stoppingToken);
                    (outcome, version) = await ReadOutcomeAsync(id, stoppingToken);
                }

                return outcome switch
                {
                    "aborted" => true,
                    // Released only once this replica routes by the plan the move wrote.
                    "moved" => plans.Current.Version >= version || (await shared.ReadAsync(stoppingToken) is { } newest && plans.Offer(newest).Version >= version),
                    _ => false,
                };
            });
            if (reachable is true)
            {
                LogReleased(logger, module, id);
                return;
            }

            if (reachable is null && held.Refusal is null && time.GetUtcNow() >= giveUpAt)
            {
                LogRefusing(logger, module, id);
                held.Refuse($"This proxy lost the plan store during an owner move of {module}, so it cannot know who owns the module's data now: it takes no writes for {module} until it reaches the store again.");
            }

            await Task.Delay(reachable is null ? Unreachable : OutcomePoll, time, stoppingToken);
        }
    }

    private async Task ConfirmAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await shared.DataSource.OpenConnectionAsync(cancellationToken);
        await using var confirm = new NpgsqlCommand(
            $"""
            INSERT INTO {shared.Table("fence_holds")} (fence_id, replica_id)
            SELECT @id, @self WHERE EXISTS (SELECT 1 FROM {shared.Table("fences")} WHERE id = @id AND outcome IS NULL)
            ON CONFLICT DO NOTHING
            """, connection);
        confirm.Parameters.AddWithValue("id", id);
        confirm.Parameters.AddWithValue("self", identity.Id);
        await confirm.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<(string? Outcome, int Version)> ReadOutcomeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await shared.DataSource.OpenConnectionAsync(cancellationToken);
        await using var read = new NpgsqlCommand($"SELECT outcome, coalesce(plan_version, 0) FROM {shared.Table("fences")} WHERE id = @id", connection);
        read.Parameters.AddWithValue("id", id);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt32(1))
            : ("aborted", 0); // Gone from the store: nothing can be written in it any more.
    }

    private async Task AbortAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await shared.DataSource.OpenConnectionAsync(cancellationToken);
        await using var abort = new NpgsqlCommand(
            $"UPDATE {shared.Table("fences")} SET outcome = 'aborted', ended_at = now() WHERE id = @id AND outcome IS NULL", connection);
        abort.Parameters.AddWithValue("id", id);
        if (await abort.ExecuteNonQueryAsync(cancellationToken) > 0)
        {
            LogGaveUp(logger, id);
        }
    }

    /// <summary>The step's result, or null when the store could not be reached.</summary>
    private static async Task<bool?> TryAsync(Func<Task<bool>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            return null;
        }
    }

    private static async Task TryAsync(Func<Task> step) => await TryAsync(async () =>
    {
        await step();
        return true;
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Writes of {Module} released at the end of fence {Fence}")]
    private static partial void LogReleased(ILogger logger, string module, Guid fence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fence {Fence} outlived its hold; this replica gave it up (nothing was written in it)")]
    private static partial void LogGaveUp(ILogger logger, Guid fence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost the plan store while holding the writes of {Module} (fence {Fence}): its writes are refused until the store answers")]
    private static partial void LogRefusing(ILogger logger, string module, Guid fence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the plan store's fence notifications: {Reason}; connecting again")]
    private static partial void LogLost(ILogger logger, string reason);
}
