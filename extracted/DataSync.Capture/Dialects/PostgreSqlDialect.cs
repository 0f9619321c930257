using System.Data.Common;
using DataSync.Schema;
using Npgsql;
using NpgsqlTypes;

namespace DataSync.Dialects;

public sealed class PostgreSqlDialect : SqlDialect
{
    public override int MaxParameters => 60_000;

    public override string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

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

    public override string CreateCheckpoints => Concurrently(
        $"CREATE TABLE IF NOT EXISTS {Quote(CheckpointsTable)} (sync_name text NOT NULL, table_name text NOT NULL, last_key text NULL, " +
        "rows_copied bigint NOT NULL, completed boolean NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (sync_name, table_name))");

    public override string CreateChanges => Concurrently(
        $"CREATE TABLE IF NOT EXISTS {Quote(ChangesTable)} (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sync_name text NOT NULL, " +
        "entity text NOT NULL, row_key text NOT NULL, deleted boolean NOT NULL, recorded_at timestamptz NOT NULL)");

    /// <summary>
    /// CREATE TABLE IF NOT EXISTS run by two sessions at once fails in one of them (on the catalog's unique
    /// index) once the other commits; the table is there then, so that failure is caught, inside a block
    /// that rolls back only itself and not a transaction around it.
    /// </summary>
    private static string Concurrently(string createTable) =>
        $"DO $datasync$ BEGIN {createTable}; EXCEPTION WHEN unique_violation OR duplicate_table THEN NULL; END $datasync$";

    /// <summary>Transactions holding the row-exclusive lock every INSERT into the log takes, until they end.</summary>
    public override string? OpenLogWriters =>
        "SELECT COUNT(DISTINCT l.pid), MIN(a.xact_start) FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid " +
        $"WHERE l.locktype = 'relation' AND l.relation = to_regclass('{Quote(ChangesTable)}') AND l.mode = 'RowExclusiveLock' " +
        "AND l.granted AND l.pid <> pg_backend_pid()";

    /// <summary>Also marks the transaction as DataSync's, which capture triggers skip: applied changes do not echo back.</summary>
    protected override string? LockSync =>
        $"SELECT set_config('{ApplyingSetting}', 'on', true), pg_advisory_xact_lock(hashtextextended('datasync:' || @name, 0))";

    private const string ApplyingSetting = "datasync.applying";

    public override string? ListKeyedTables =>
        "SELECT k.table_schema, k.table_name, k.column_name, c.data_type IN ('smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision') " +
        "FROM information_schema.table_constraints t " +
        "JOIN information_schema.key_column_usage k ON k.constraint_schema = t.constraint_schema AND k.constraint_name = t.constraint_name " +
        "AND k.table_name = t.table_name " +
        "JOIN information_schema.columns c ON c.table_schema = k.table_schema AND c.table_name = k.table_name AND c.column_name = k.column_name " +
        "WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema NOT IN ('pg_catalog', 'information_schema') " +
        "ORDER BY k.table_schema, k.table_name, k.ordinal_position";

    /// <summary>
    /// One function and three statement-level triggers with transition tables: a set-based statement logs
    /// its rows in one INSERT. An update logs the keys before and after (a key that changed is deleted).
    /// </summary>
    public override IEnumerable<string> CaptureTriggers(string syncName, Changes.CaptureTable table)
    {
        var target = table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";
        var function = (table.Schema is null ? "" : Quote(table.Schema) + ".") + Quote($"datasync_capture_{table.Name}");
        string Log(string rows, string deleted) =>
            $"INSERT INTO {Quote(ChangesTable)} (sync_name, entity, row_key, deleted, recorded_at) " +
            $"SELECT {Literal(syncName)}, {Literal(table.DisplayName)}, jsonb_build_array({string.Join(", ", table.Keys.Select(k => $"r.{Quote(k.Name)}"))})::text, " +
            $"{deleted}, now() FROM {rows} r;";
        yield return CreateChanges;
        yield return
            $"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $datasync$ BEGIN " +
            $"IF coalesce(current_setting('{ApplyingSetting}', true), '') = 'on' THEN RETURN NULL; END IF; " +
            $"IF TG_OP = 'DELETE' THEN {Log("changed", "true")} ELSE {Log("changed", "false")} END IF; " +
            $"IF TG_OP = 'UPDATE' THEN {Log("gone", "false")} END IF; " +
            "RETURN NULL; END $datasync$";
        foreach (var (verb, referencing) in new[] { ("INSERT", "NEW TABLE AS changed"), ("UPDATE", "OLD TABLE AS gone NEW TABLE AS changed"), ("DELETE", "OLD TABLE AS changed") })
        {
            var trigger = Quote($"datasync_capture_{verb.ToLowerInvariant()}");
            yield return $"DROP TRIGGER IF EXISTS {trigger} ON {target}";
            yield return $"CREATE TRIGGER {trigger} AFTER {verb} ON {target} REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()";
        }
    }

    public override string UpsertCheckpoint =>
        $"INSERT INTO {Quote(CheckpointsTable)} (sync_name, table_name, last_key, rows_copied, completed, updated_at) " +
        "VALUES (@name, @table, @key, @rows, @completed, @at) ON CONFLICT (sync_name, table_name) DO UPDATE SET " +
        "last_key = excluded.last_key, rows_copied = excluded.rows_copied, completed = excluded.completed, updated_at = excluded.updated_at";
}
