using System.Data.Common;
using DataSync.Backfill;
using DataSync.Dialects;
using DataSync.Schema;
using DataSync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataSync.Changes;

/// <summary>
/// Applies a side's change log to the other side, oldest entries first: it copies the current state of
/// each changed row (or deletes it), in one target transaction that holds the sync's write lock, then deletes
/// the applied entries from the log by number. The log is so exactly what the other side has yet to see:
/// an entry whose transaction commits late is applied once it commits, however long that takes, and
/// nothing is skipped for being late. Reading the current state under the lock makes replays harmless;
/// writing parents before children (and deleting them after) keeps foreign keys whole.
/// </summary>
public sealed partial class ChangeApplier(ILogger<ChangeApplier> logger, DataSyncMetrics metrics)
{
    /// <summary>The checkpoint entry that holds the highest log number applied and how many entries were.</summary>
    public const string PositionEntry = "(changes)";

    /// <summary>Entries deleted from the log per statement.</summary>
    private const int PruneChunk = 1_000;

    /// <summary>Rows read by key per statement, at most (fewer where the provider's parameter limit says so).</summary>
    private const int ReadChunk = 400;

    /// <returns>How many changes were applied.</returns>
    public async Task<int> ApplyAsync(DbContext source, DbContext target, string syncName, int batchSize, CancellationToken cancellationToken)
    {
        var sourceTables = SyncSchema.Read(source);
        var targetTables = SyncSchema.Read(target).ToDictionary(t => t.Entity);
        var (sourceDialect, targetDialect) = (SqlDialect.For(source), SqlDialect.For(target));
        await source.Database.OpenConnectionAsync(cancellationToken);
        await target.Database.OpenConnectionAsync(cancellationToken);
        var sourceConnection = source.Database.GetDbConnection();
        var targetConnection = target.Database.GetDbConnection();
        await source.Database.ExecuteSqlRawAsync(sourceDialect.CreateChanges, cancellationToken);

        var checkpoints = new CheckpointStore(targetConnection, targetDialect, syncName);
        await checkpoints.EnsureTableAsync(cancellationToken);
        var changes = await ReadChangesAsync(sourceConnection, sourceDialect, syncName, batchSize, cancellationToken);
        if (changes.Count == 0)
        {
            return 0;
        }

        // An entry no table of the module answers to could never be applied: deleting it would lose a change, so the round stops
        // here and the entry stays, counted as pending (an owner move waits for it), until the module's model or the trigger is mended.
        if (changes.FirstOrDefault(c => !sourceTables.Any(t => Names(c, t))) is { } unknown)
        {
            throw new InvalidOperationException(
                $"The change log of {syncName} has an entry (#{unknown.Sequence}) for '{unknown.Entity}', which is no table of the module; nothing was applied.");
        }

        // The position is a figure for status (one applier runs per module), so it is read before the lock.
        var position = await checkpoints.ReadAsync(PositionEntry, [typeof(long)], cancellationToken);
        await using (var transaction = await targetDialect.BeginSyncWriteAsync(targetConnection, syncName, cancellationToken))
        {
            // Each changed row once, as the source holds it now (read under the lock): there, written; gone, deleted.
            // Parents are written before their children and deleted after them.
            var rows = new List<(SyncTable To, List<object?[]> Present, List<object?[]> Gone)>();
            foreach (var from in sourceTables.Where(t => changes.Any(c => Names(c, t))))
            {
                var keyTypes = from.Keys.Select(k => k.ClrType).ToArray();
                // The same row may be logged twice (by capture and by a trigger, with its key spelled differently).
                var keys = changes.Where(c => Names(c, from)).Select(c => CheckpointStore.KeyFromJson(keyTypes, c.Key))
                    .DistinctBy(key => TableRows.KeyJson(key, from)).ToList();
                var present = new Dictionary<string, object?[]>();
                foreach (var chunk in keys.Chunk(Math.Max(1, Math.Min(ReadChunk, sourceDialect.MaxParameters / from.Keys.Count))))
                {
                    foreach (var (key, row) in await TableRows.ByKeysAsync(sourceConnection, sourceDialect, from, chunk, cancellationToken))
                    {
                        present[key] = row;
                    }
                }

                rows.Add((targetTables[from.Entity], [.. present.Values], [.. keys.Where(k => !present.ContainsKey(TableRows.KeyJson(k, from)))]));
            }

            foreach (var (to, present, _) in rows.Where(r => r.Present.Count > 0))
            {
                await targetDialect.UpsertRowsAsync(targetConnection, transaction, to, present, cancellationToken);
            }

            foreach (var (to, _, gone) in Enumerable.Reverse(rows).Where(r => r.Gone.Count > 0))
            {
                await TableRows.DeleteAsync(targetConnection, transaction, targetDialect, to, gone, cancellationToken);
            }

            var highest = Math.Max(position.LastKey is [long last] ? last : 0L, changes.Max(c => c.Sequence));
            await checkpoints.WriteAsync(PositionEntry, new Checkpoint([highest], position.Copied + changes.Count, false), transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Applied entries are done with. Should this fail, they are applied again next round, which changes nothing.
        foreach (var chunk in changes.Select(c => c.Sequence).Chunk(PruneChunk))
        {
            await using var prune = sourceConnection.CreateCommand();
            prune.CommandText = sourceDialect.PruneChanges(chunk);
            prune.Parameters.Add(SqlDialect.Parameter(prune, "@name", syncName));
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        metrics.ChangesApplied(syncName, changes.Count);
        LogApplied(logger, syncName, changes.Count, changes[^1].Sequence);
        return changes.Count;
    }

    /// <summary>Capture logs a row under its entity's name; the database's triggers, under its table's ("schema.table").</summary>
    private static bool Names(LoggedChange change, SyncTable table) => change.Entity == table.Entity || change.Entity == table.DisplayName;

    /// <summary>
    /// How far the other side is behind a side's change log: logged changes not applied yet (each open
    /// transaction that logged a change counts as one, its entries not being visible yet), and the oldest one's age.
    /// </summary>
    public async Task<SyncLag> LagAsync(DbContext source, DbContext target, string syncName, CancellationToken cancellationToken)
    {
        var (sourceDialect, targetDialect) = (SqlDialect.For(source), SqlDialect.For(target));
        await source.Database.OpenConnectionAsync(cancellationToken);
        await target.Database.OpenConnectionAsync(cancellationToken);
        await source.Database.ExecuteSqlRawAsync(sourceDialect.CreateChanges, cancellationToken);
        var checkpoints = new CheckpointStore(target.Database.GetDbConnection(), targetDialect, syncName);
        await checkpoints.EnsureTableAsync(cancellationToken);
        var applied = (await checkpoints.ReadAsync(PositionEntry, [typeof(long)], cancellationToken)).LastKey is [long last] ? last : 0L;

        var connection = source.Database.GetDbConnection();
        var (pending, oldest) = await CountAsync(connection, sourceDialect.PendingChanges, syncName, cancellationToken);
        var (open, openSince) = sourceDialect.OpenLogWriters is { } writers ? await CountAsync(connection, writers, syncName, cancellationToken) : (0, null);
        var since = new[] { oldest, openSince }.Where(t => t is not null).Min();
        return new SyncLag(applied, pending + open, open, since is { } at ? DateTimeOffset.UtcNow - at : TimeSpan.Zero);
    }

    private static async Task<(int Count, DateTimeOffset? Oldest)> CountAsync(DbConnection connection, string sql, string syncName,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(SqlDialect.Parameter(command, "@name", syncName));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
        return (count, count == 0 || reader.IsDBNull(1) ? null : RecordedAt(reader.GetValue(1)));
    }

    private static async Task<List<LoggedChange>> ReadChangesAsync(DbConnection connection, SqlDialect dialect, string syncName, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.ReadChanges(limit);
        command.Parameters.Add(SqlDialect.Parameter(command, "@name", syncName));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var changes = new List<LoggedChange>();
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new LoggedChange(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Convert.ToBoolean(reader.GetValue(3))));
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

    /// <summary>
    /// The highest log number applied so far, how many logged changes wait (of them, how many are open
    /// transactions of the owner), and how long the oldest has waited.
    /// </summary>
    public sealed record SyncLag(long AppliedUpTo, int Pending, int InOpenTransactions, TimeSpan OldestPending);

    private sealed record LoggedChange(long Sequence, string Entity, string Key, bool Deleted);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Changes {Name}: applied {Count} up to #{Sequence}")]
    private static partial void LogApplied(ILogger logger, string name, int count, long sequence);
}
