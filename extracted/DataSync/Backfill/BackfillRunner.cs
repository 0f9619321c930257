using System.Data.Common;
using System.Diagnostics;
using DataSync.Dialects;
using DataSync.Schema;
using DataSync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataSync.Backfill;

/// <summary>
/// Copies a module's tables from a source database to a target database: parents before children,
/// each table in key order, in batches that commit together with their checkpoint. Writes are upserts,
/// so a run that is killed and started again resumes after the last committed batch and ends with
/// exactly the source rows.
/// </summary>
public sealed partial class BackfillRunner(ILogger<BackfillRunner> logger, DataSyncMetrics metrics)
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(2);

    /// <summary>Backfills seen complete (target connection and name): completion never goes back, so it is read once.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), bool> _complete = new();

    /// <param name="source">A DbContext of the module's layout connected to the source database.</param>
    /// <param name="target">The same DbContext type connected to the target database, whose tables exist.</param>
    public async Task<BackfillResult> RunAsync(DbContext source, DbContext target, BackfillOptions options, CancellationToken cancellationToken)
    {
        var sourceTables = SyncSchema.Read(source, options.Include);
        var targetTables = SyncSchema.Read(target, options.Include).ToDictionary(t => t.Entity);
        var (sourceDialect, targetDialect) = (SqlDialect.For(source), SqlDialect.For(target));
        var sourceConnection = await OpenAsync(source, cancellationToken);
        var targetConnection = await OpenAsync(target, cancellationToken);
        var checkpoints = new CheckpointStore(targetConnection, targetDialect, options.Name);
        await checkpoints.EnsureTableAsync(cancellationToken);

        var results = new List<TableBackfill>();
        foreach (var from in sourceTables)
        {
            var to = targetTables.GetValueOrDefault(from.Entity)
                ?? throw new InvalidOperationException($"The target has no table for {from.Entity}; source and target must share the module's layout.");
            results.Add(await CopyTableAsync(from, to, sourceConnection, targetConnection, sourceDialect, targetDialect, checkpoints, options, cancellationToken));
        }

        return new BackfillResult(results);
    }

    private async Task<TableBackfill> CopyTableAsync(SyncTable from, SyncTable to, DbConnection sourceConnection, DbConnection targetConnection,
        SqlDialect sourceDialect, SqlDialect targetDialect, CheckpointStore checkpoints, BackfillOptions options, CancellationToken cancellationToken)
    {
        var total = await CountAsync(sourceConnection, sourceDialect, from, cancellationToken);
        var checkpoint = await checkpoints.ReadAsync(to, cancellationToken);
        var resumed = checkpoint.Copied > 0 || checkpoint.Completed;
        if (checkpoint.Completed)
        {
            LogAlreadyDone(logger, options.Name, to.DisplayName, checkpoint.Copied);
            return new TableBackfill(to.DisplayName, checkpoint.Copied, total, resumed);
        }

        if (resumed)
        {
            LogResuming(logger, options.Name, to.DisplayName, checkpoint.Copied, total);
        }

        var copyBatch = sourceDialect is PostgreSqlDialect postgres && targetDialect is PostgreSqlDialect
            && sourceConnection is Npgsql.NpgsqlConnection npgsqlSource && targetConnection is Npgsql.NpgsqlConnection npgsqlTarget
            && PostgreSqlBatchCopy.Supports(from)
                ? (after, transaction) => PostgreSqlBatchCopy.CopyAsync(npgsqlSource, npgsqlTarget, (Npgsql.NpgsqlTransaction)transaction, postgres,
                    from, to, after, options.BatchSize, cancellationToken)
                : ReadAndUpsert(from, to, sourceConnection, targetConnection, sourceDialect, targetDialect, options.BatchSize, cancellationToken);

        var clock = Stopwatch.StartNew();
        var copiedThisRun = 0L;
        var lastLog = TimeSpan.Zero;
        while (true)
        {
            if (options.SourceStillOwns?.Invoke() == false)
            {
                throw new BackfillStoppedException(options.Name, to.DisplayName, checkpoint.Copied);
            }

            // The batch is read from the source only once the sync's lock is held: change sync cannot apply a
            // newer version of one of its rows between the read and the commit, to be overwritten by it.
            await using var transaction = await targetDialect.BeginSyncWriteAsync(targetConnection, options.Name, cancellationToken);
            var (rows, last) = await copyBatch(checkpoint.LastKey, transaction);
            var done = rows < options.BatchSize;
            checkpoint = new Checkpoint(last ?? checkpoint.LastKey, checkpoint.Copied + rows, done);
            await checkpoints.WriteAsync(to, checkpoint, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            copiedThisRun += rows;
            metrics.RowsCopied(options.Name, to.DisplayName, rows);
            var progress = new BackfillProgress(to.DisplayName, checkpoint.Copied, total, copiedThisRun / Math.Max(clock.Elapsed.TotalSeconds, 1e-3));
            metrics.Progress(options.Name, to.DisplayName, progress.Percent);
            if (done || clock.Elapsed - lastLog >= LogEvery)
            {
                lastLog = clock.Elapsed;
                LogProgress(logger, options.Name, to.DisplayName, progress.Copied, total, progress.Percent, progress.RowsPerSecond);
            }

            options.Progress?.Report(progress);
            if (done)
            {
                return new TableBackfill(to.DisplayName, checkpoint.Copied, total, resumed);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The general way to copy a batch: read it as model values and upsert it with the target's dialect.</summary>
    private static Func<object?[]?, DbTransaction, Task<(int Rows, object?[]? LastKey)>> ReadAndUpsert(SyncTable from, SyncTable to,
        DbConnection sourceConnection, DbConnection targetConnection, SqlDialect sourceDialect, SqlDialect targetDialect, int batchSize,
        CancellationToken cancellationToken) =>
        async (after, transaction) =>
        {
            // Never read ahead: a page read before the lock could hold rows older than change sync applies meanwhile.
            var rows = await TableRows.PageAsync(sourceConnection, sourceDialect, from, after, batchSize, cancellationToken);
            await targetDialect.UpsertRowsAsync(targetConnection, transaction, to, rows, cancellationToken);
            return (rows.Count, rows.Count > 0 ? rows[^1][..from.Keys.Count] : null);
        };

    /// <summary>
    /// Whether every table of the module has been backfilled into <paramref name="target"/> (by its
    /// checkpoints there). Asked often (the owner-flip fence polls it); once true, the database is not asked again.
    /// </summary>
    public async Task<bool> IsCompleteAsync(DbContext target, string name, CancellationToken cancellationToken)
    {
        var key = (target.Database.GetConnectionString() ?? "", name);
        if (_complete.ContainsKey(key))
        {
            return true;
        }

        var connection = await OpenAsync(target, cancellationToken);
        var checkpoints = new CheckpointStore(connection, SqlDialect.For(target), name);
        await checkpoints.EnsureTableAsync(cancellationToken);
        foreach (var table in SyncSchema.Read(target, include: null))
        {
            if (!(await checkpoints.ReadAsync(table, cancellationToken)).Completed)
            {
                return false;
            }
        }

        _complete[key] = true;
        return true;
    }

    private static async Task<DbConnection> OpenAsync(DbContext context, CancellationToken cancellationToken)
    {
        var connection = context.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await context.Database.OpenConnectionAsync(cancellationToken);
        }

        return connection;
    }

    private static async Task<long> CountAsync(DbConnection connection, SqlDialect dialect, SyncTable table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {dialect.Table(table)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {Name}: {Table} {Copied}/{Total} rows ({Percent:0.0} %), {RowsPerSecond:0} rows/s")]
    private static partial void LogProgress(ILogger logger, string name, string table, long copied, long total, double percent, double rowsPerSecond);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {Name}: {Table} resumes after {Copied} of {Total} rows")]
    private static partial void LogResuming(ILogger logger, string name, string table, long copied, long total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {Name}: {Table} was completed earlier ({Copied} rows)")]
    private static partial void LogAlreadyDone(ILogger logger, string name, string table, long copied);
}
