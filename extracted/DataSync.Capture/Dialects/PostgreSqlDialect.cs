using System.Data.Common;
using DataSync.ChangeLog;
using DataSync.Schema;
using Npgsql;
using NpgsqlTypes;

namespace DataSync.Dialects;

public sealed class PostgreSqlDialect : SqlDialect
{
    public override int MaxParameters => 60_000;

    public override ChangeLogSql ChangeLog { get; } = new PostgreSqlChangeLog();

    protected override string Limit(int rows) => $"LIMIT {rows}";

    public override string Upsert(SyncTable table, int rows) => SqliteDialect.OnConflict(this, table, rows);

    /// <summary>
    /// Large batches go through binary COPY into a temporary table and one INSERT ... SELECT ... ON CONFLICT:
    /// several times faster than parameterised statements, and still an upsert.
    /// </summary>
    public override async Task UpsertRowsAsync(DbConnection connection, DbTransaction transaction, SyncTable table, IReadOnlyList<object?[]> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count < 200 || connection is not NpgsqlConnection npgsql)
        {
            await base.UpsertRowsAsync(connection, transaction, table, rows, cancellationToken);
            return;
        }

        var staging = Quote($"datasync_staging_{table.Name}");
        var columns = string.Join(", ", table.Columns.Select(c => Quote(c.Name)));
        await ExecuteAsync(npgsql, transaction,
            $"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {Table(table)} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", cancellationToken);
        await using (var importer = await npgsql.BeginBinaryImportAsync($"COPY {staging} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            var types = table.Columns.Select(c => TypeOf(c.Mapping.StoreType)).ToArray();
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                for (var c = 0; c < row.Length; c++)
                {
                    if (table.Columns[c].ToProvider(row[c]) is { } value)
                    {
                        await (types[c] is { } type
                            ? importer.WriteAsync(value, type, cancellationToken)
                            : importer.WriteAsync(value, BaseTypeName(table.Columns[c].Mapping.StoreType), cancellationToken));
                    }
                    else
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        var others = table.Columns.Where(c => !c.IsKey).Select(c => $"{Quote(c.Name)} = excluded.{Quote(c.Name)}").ToList();
        await ExecuteAsync(npgsql, transaction,
            $"INSERT INTO {Table(table)} ({columns}) SELECT {columns} FROM {staging} ON CONFLICT ({string.Join(", ", table.Keys.Select(k => Quote(k.Name)))}) " +
            (others.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", others)), cancellationToken);
        await ExecuteAsync(npgsql, transaction, $"TRUNCATE {staging}", cancellationToken);
    }

    /// <summary>The common column types, resolved once per column instead of by name for every value.</summary>
    private static NpgsqlDbType? TypeOf(string storeType) => BaseTypeName(storeType) switch
    {
        "uuid" => NpgsqlDbType.Uuid,
        "text" => NpgsqlDbType.Text,
        "character varying" => NpgsqlDbType.Varchar,
        "character" => NpgsqlDbType.Char,
        "numeric" => NpgsqlDbType.Numeric,
        "boolean" => NpgsqlDbType.Boolean,
        "integer" => NpgsqlDbType.Integer,
        "bigint" => NpgsqlDbType.Bigint,
        "smallint" => NpgsqlDbType.Smallint,
        "double precision" => NpgsqlDbType.Double,
        "real" => NpgsqlDbType.Real,
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        "timestamp without time zone" => NpgsqlDbType.Timestamp,
        "date" => NpgsqlDbType.Date,
        "bytea" => NpgsqlDbType.Bytea,
        "jsonb" => NpgsqlDbType.Jsonb,
        _ => null,
    };

    /// <summary>"character varying(200)" -> "character varying": COPY wants the type, not its modifiers.</summary>
    private static string BaseTypeName(string storeType) => storeType.Split('(')[0].Trim();

    private static async Task ExecuteAsync(NpgsqlConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, (NpgsqlTransaction)transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override string CreateCheckpoints => PostgreSqlChangeLog.Concurrently(
        $"CREATE TABLE IF NOT EXISTS {Quote(CheckpointsTable)} (sync_name text NOT NULL, table_name text NOT NULL, last_key text NULL, " +
        "rows_copied bigint NOT NULL, completed boolean NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (sync_name, table_name))");

    /// <summary>Transactions holding the row-exclusive lock every INSERT into the log takes, until they end.</summary>
    public override string? OpenLogWriters =>
        "SELECT COUNT(DISTINCT l.pid), MIN(a.xact_start) FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid " +
        $"WHERE l.locktype = 'relation' AND l.relation = to_regclass('{Quote(ChangesTable)}') AND l.mode = 'RowExclusiveLock' " +
        "AND l.granted AND l.pid <> pg_backend_pid()";

    /// <summary>Also marks the transaction as DataSync's, which capture triggers skip: applied changes do not echo back.</summary>
    protected override string? LockSync =>
        $"SELECT set_config('{ChangeLogSql.ApplyingMarker}', 'on', true), pg_advisory_xact_lock(hashtextextended('datasync:' || @name, 0))";

    public override string UpsertCheckpoint =>
        $"INSERT INTO {Quote(CheckpointsTable)} (sync_name, table_name, last_key, rows_copied, completed, updated_at) " +
        "VALUES (@name, @table, @key, @rows, @completed, @at) ON CONFLICT (sync_name, table_name) DO UPDATE SET " +
        "last_key = excluded.last_key, rows_copied = excluded.rows_copied, completed = excluded.completed, updated_at = excluded.updated_at";
}
