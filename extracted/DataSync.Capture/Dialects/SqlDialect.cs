using System.Data.Common;
using System.Text;
using DataSync.ChangeLog;
using DataSync.Schema;
using Microsoft.EntityFrameworkCore;

namespace DataSync.Dialects;

/// <summary>The SQL one provider needs for syncing: quoting, keyset pages, upserts, the checkpoint table.</summary>
public abstract class SqlDialect
{
    /// <summary>How many parameters one statement may carry on this provider (with room to spare).</summary>
    public abstract int MaxParameters { get; }

    public static SqlDialect For(DbContext context) => context.Database.ProviderName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => new SqliteDialect(),
        "Npgsql.EntityFrameworkCore.PostgreSQL" => new PostgreSqlDialect(),
        "Microsoft.EntityFrameworkCore.SqlServer" => new SqlServerDialect(),
        var other => throw new NotSupportedException($"DataSync does not support the EF Core provider '{other}'."),
    };

    /// <summary>The change log's SQL on this database (quoting included), shared with what needs no EF Core.</summary>
    public abstract ChangeLogSql ChangeLog { get; }

    public string Quote(string identifier) => ChangeLog.Quote(identifier);

    public virtual string Table(SyncTable table) => table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";

    /// <summary>SELECT of the next page after a key (or from the start), in key order.</summary>
    public virtual string NextPage(SyncTable table, bool fromStart, int pageSize)
    {
        var sql = new StringBuilder("SELECT ")
            .AppendJoin(", ", table.Columns.Select(c => Quote(c.Name)))
            .Append(" FROM ").Append(Table(table));
        if (!fromStart)
        {
            sql.Append(" WHERE ").Append(After(table));
        }

        return sql.Append(" ORDER BY ").AppendJoin(", ", table.Keys.Select(k => Quote(k.Name)))
            .Append(' ').Append(Limit(pageSize)).ToString();
    }

    /// <summary>"(k1, k2) > (@k0, @k1)" spelled out, which every provider understands.</summary>
    public string After(SyncTable table)
    {
        var terms = new List<string>();
        for (var i = 0; i < table.Keys.Count; i++)
        {
            var equal = Enumerable.Range(0, i).Select(j => $"{Quote(table.Keys[j].Name)} = @k{j}");
            terms.Add("(" + string.Join(" AND ", equal.Append($"{Quote(table.Keys[i].Name)} > @k{i}")) + ")");
        }

        return string.Join(" OR ", terms);
    }

    protected abstract string Limit(int rows);

    /// <summary>Upserts many rows in the transaction: multi-row statements within the parameter limit.</summary>
    public virtual async Task UpsertRowsAsync(DbConnection connection, DbTransaction transaction, SyncTable table, IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken)
    {
        var rowsPerStatement = Math.Max(1, MaxParameters / table.Columns.Count);
        foreach (var chunk in rows.Chunk(rowsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Upsert(table, chunk.Length);
            for (var r = 0; r < chunk.Length; r++)
            {
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    command.Parameters.Add(table.Columns[c].Parameter(command, $"@p{r}_{c}", chunk[r][c]));
                }
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>An upsert of <paramref name="rows"/> rows, with parameters @p{row}_{column}.</summary>
    public abstract string Upsert(SyncTable table, int rows);

    protected static StringBuilder Values(StringBuilder sql, SyncTable table, int rows)
    {
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (")
                .AppendJoin(", ", table.Columns.Select((_, column) => $"@p{row}_{column}"))
                .Append(')');
        }

        return sql;
    }

    /// <summary>Creates the checkpoint table when missing.</summary>
    public abstract string CreateCheckpoints { get; }

    public abstract string UpsertCheckpoint { get; }

    public const string CheckpointsTable = "datasync_checkpoints";

    public const string ChangesTable = ChangeLogSql.ChangesTable;

    /// <summary>Creates the change log when missing: one row per changed row, numbered in the order logged (not always the order committed).</summary>
    public string CreateChanges => ChangeLog.CreateChanges;

    public string InsertChange =>
        $"INSERT INTO {Quote(ChangesTable)} (sync_name, entity, row_key, deleted, recorded_at) VALUES (@name, @entity, @key, @deleted, @at)";

    /// <summary>
    /// The oldest logged changes left to apply, in log order. The log holds exactly what the other side has
    /// yet to see (applied entries are deleted by number), so an entry whose transaction commits late is
    /// read once it is visible, however long after its number was taken.
    /// </summary>
    public virtual string ReadChanges(int limit) =>
        $"SELECT seq, entity, row_key, deleted, recorded_at FROM {Quote(ChangesTable)} WHERE sync_name = @name ORDER BY seq {Limit(limit)}";

    public virtual string PendingChanges =>
        $"SELECT COUNT(*), MIN(recorded_at) FROM {Quote(ChangesTable)} WHERE sync_name = @name";

    /// <summary>
    /// Open transactions of other sessions that wrote to the change log (their entries are not visible
    /// yet): how many, and when the oldest began. Null where a single writer makes that moot (SQLite).
    /// </summary>
    public abstract string? OpenLogWriters { get; }

    /// <summary>Deletes the applied entries by their numbers: never a range, which could take an entry committed since.</summary>
    public string PruneChanges(IEnumerable<long> sequences) =>
        $"DELETE FROM {Quote(ChangesTable)} WHERE sync_name = @name AND seq IN ({string.Join(", ", sequences.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";

    /// <summary>
    /// Begins a transaction for a DataSync write to this side's synced tables (a backfill batch, applied
    /// changes, a repair) and takes the sync's lock on this side for the rest of it. Every such write reads
    /// the rows it writes from the other side only after this: writes to a side then follow the order of
    /// their reads, a later write always carries a later read, and no row is replaced with an older version
    /// of itself, however backfill, change sync and repair interleave (ADR 0015).
    /// </summary>
    public virtual async Task<DbTransaction> BeginSyncWriteAsync(DbConnection connection, string syncName, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (LockSync is not { } lockSync)
        {
            return transaction;
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = lockSync;
            command.Parameters.Add(Parameter(command, "@name", syncName));
            command.CommandTimeout = 0; // Waits as long as the other write takes: a backfill batch, at most.
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>SQL that takes the sync's lock (parameter @name) until the transaction ends; null where beginning the transaction takes it.</summary>
    protected virtual string? LockSync => null;

    public string DeleteByKey(SyncTable table) => $"DELETE FROM {Table(table)} WHERE {KeyEquals(table)}";

    /// <summary>SELECT of the rows with any of <paramref name="keys"/> keys (@r{row}k{key}).</summary>
    public string RowsByKeys(SyncTable table, int keys) =>
        $"SELECT {string.Join(", ", table.Columns.Select(c => Quote(c.Name)))} FROM {Table(table)} WHERE " +
        string.Join(" OR ", Enumerable.Range(0, keys).Select(r => "(" + string.Join(" AND ", table.Keys.Select((k, i) => $"{Quote(k.Name)} = @r{r}k{i}")) + ")"));

    private string KeyEquals(SyncTable table) => string.Join(" AND ", table.Keys.Select((k, i) => $"{Quote(k.Name)} = @k{i}"));

    public string ReadCheckpoint =>
        $"SELECT last_key, rows_copied, completed FROM {Quote(CheckpointsTable)} WHERE sync_name = @name AND table_name = @table";

    /// <summary>A timestamp as this provider's DataSync tables store it.</summary>
    public virtual object Timestamp(DateTimeOffset value) => value;

    public static DbParameter Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
