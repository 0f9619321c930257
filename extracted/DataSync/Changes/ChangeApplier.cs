using System.Data.Common;
using DataSync.Backfill;
using DataSync.Dialects;
using DataSync.Schema;
using DataSync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataSync.Changes;

/// <summary>
/// Applies a side's change log to the other side, in log order: for each changed row it copies the row's
/// current state (or deletes it), in one target transaction with the new log position. Reading the current
/// state makes replays harmless; the order keeps parents ahead of their children.
/// </summary>
public sealed partial class ChangeApplier(ILogger<ChangeApplier> logger, DataSyncMetrics metrics)
{
    /// <summary>The checkpoint entry that holds how far the log has been applied.</summary>
    public const string PositionEntry = "(changes)";

    /// <summary>
    /// A gap in the log numbers is a transaction that has not committed yet (or never will): changes after
    /// it wait this long for it before the gap is taken as a rollback.
    /// </summary>
    public static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(30);

    /// <returns>How many changes were applied.</returns>
    public async Task<int> ApplyAsync(DbContext source, DbContext target, string syncName, int batchSize, CancellationToken cancellationToken,
        TimeSpan? gapTimeout = null)
    {
        var sourceTables = SyncSchema.Read(source).ToDictionary(t => t.Entity);
        var targetTables = SyncSchema.Read(target).ToDictionary(t => t.Entity);
        var (sourceDialect, targetDialect) = (SqlDialect.For(source), SqlDialect.For(target));
        await source.Database.OpenConnectionAsync(cancellationToken);
        await target.Database.OpenConnectionAsync(cancellationToken);
        var sourceConnection = source.Database.GetDbConnection();
        var targetConnection = target.Database.GetDbConnection();
        await source.Database.ExecuteSqlRawAsync(sourceDialect.CreateChanges, cancellationToken);

        var checkpoints = new CheckpointStore(targetConnection, targetDialect, syncName);
        await checkpoints.EnsureTableAsync(cancellationToken);
        var position = await checkpoints.ReadAsync(PositionEntry, [typeof(long)], cancellationToken);
        var after = position.LastKey is [long last] ? last : 0L;

        var changes = Contiguous(await ReadChangesAsync(sourceConnection, sourceDialect, syncName, after, batchSize, cancellationToken), after, gapTimeout ?? GapTimeout);
        if (changes.Count == 0)
        {
            return 0;
        }

        await using var transaction = await targetConnection.BeginTransactionAsync(cancellationToken);
        foreach (var change in changes)
        {
            var from = sourceTables[change.Entity];
            var to = targetTables[change.Entity];
            var key = CheckpointStore.KeyFromJson([.. from.Keys.Select(k => k.ClrType)], change.Key);
            var row = change.Deleted ? null : (await TableRows.ByKeysAsync(sourceConnection, sourceDialect, from, [key], cancellationToken)).Values.SingleOrDefault();
            if (row is null)
            {
                await TableRows.DeleteAsync(targetConnection, transaction, targetDialect, to, [key], cancellationToken);
            }
            else
            {
                await targetDialect.UpsertRowsAsync(targetConnection, transaction, to, [row], cancellationToken);
            }
        }

        await checkpoints.WriteAsync(PositionEntry, new Checkpoint([changes[^1].Sequence], position.Copied + changes.Count, false), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Applied entries are done with: the log holds only what the other side has yet to see.
        await using (var prune = sourceConnection.CreateCommand())
        {
            prune.CommandText = sourceDialect.PruneChanges;
            prune.Parameters.Add(SqlDialect.Parameter(prune, "@name", syncName));
            prune.Parameters.Add(SqlDialect.Parameter(prune, "@upTo", changes[^1].Sequence));
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }
        metrics.ChangesApplied(syncName, changes.Count);
        LogApplied(logger, syncName, changes.Count, changes[^1].Sequence);
        return changes.Count;
    }

    /// <summary>How far the other side is behind a side's change log: logged changes not applied yet, and the oldest one's age.</summary>
    public async Task<SyncLag> LagAsync(DbContext source, DbContext target, string syncName, CancellationToken cancellationToken)
    {
        var (sourceDialect, targetDialect) = (SqlDialect.For(source), SqlDialect.For(target));
        await source.Database.OpenConnectionAsync(cancellationToken);
        await target.Database.OpenConnectionAsync(cancellationToken);
        await source.Database.ExecuteSqlRawAsync(sourceDialect.CreateChanges, cancellationToken);
        var checkpoints = new CheckpointStore(target.Database.GetDbConnection(), targetDialect, syncName);
        await checkpoints.EnsureTableAsync(cancellationToken);
        var applied = (await checkpoints.ReadAsync(PositionEntry, [typeof(long)], cancellationToken)).LastKey is [long last] ? last : 0L;

        await using var command = source.Database.GetDbConnection().CreateCommand();
        command.CommandText = sourceDialect.PendingChanges;
        command.Parameters.Add(SqlDialect.Parameter(command, "@name", syncName));
        command.Parameters.Add(SqlDialect.Parameter(command, "@after", applied));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var pending = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
        return new SyncLag(applied, pending, pending == 0 || reader.IsDBNull(1) ? TimeSpan.Zero : DateTimeOffset.UtcNow - RecordedAt(reader.GetValue(1)));
    }

    /// <summary>The changes up to the first gap that may still fill (a transaction not yet committed).</summary>
    private static List<LoggedChange> Contiguous(List<LoggedChange> changes, long after, TimeSpan gapTimeout)
    {
        var expected = after + 1;
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Sequence != expected && DateTimeOffset.UtcNow - changes[i].RecordedAt < gapTimeout)
            {
                return changes[..i];
            }

            expected = changes[i].Sequence + 1;
        }

        return changes;
    }

    private static async Task<List<LoggedChange>> ReadChangesAsync(DbConnection connection, SqlDialect dialect, string syncName, long after, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.ReadChanges(limit);
        command.Parameters.Add(SqlDialect.Parameter(command, "@name", syncName));
        command.Parameters.Add(SqlDialect.Parameter(command, "@after", after));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var changes = new List<LoggedChange>();
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new LoggedChange(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Convert.ToBoolean(reader.GetValue(3)), RecordedAt(reader.GetValue(4))));
        }

        return changes;
    }

    /// <summary>recorded_at as each provider returns it: ISO text on SQLite, a timestamp elsewhere.</summary>
    private static DateTimeOffset RecordedAt(object value) => value switch
    {
        string text => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        var other => throw new InvalidOperationException($"Unexpected recorded_at value {other}."),
    };

    /// <summary>The position applied so far, how many logged changes wait, and how long the oldest has waited.</summary>
    public sealed record SyncLag(long AppliedUpTo, int Pending, TimeSpan OldestPending);

    private sealed record LoggedChange(long Sequence, string Entity, string Key, bool Deleted, DateTimeOffset RecordedAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Changes {Name}: applied {Count} up to #{Sequence}")]
    private static partial void LogApplied(ILogger logger, string name, int count, long sequence);
}
