using DataSync.Schema;

namespace DataSync.Dialects;

public sealed class PostgreSqlDialect : SqlDialect
{
    public override int MaxParameters => 60_000;

    public override string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    protected override string Limit(int rows) => $"LIMIT {rows}";

    public override string Upsert(SyncTable table, int rows) => SqliteDialect.OnConflict(this, table, rows);

    public override string CreateCheckpoints =>
        $"CREATE TABLE IF NOT EXISTS {Quote(CheckpointsTable)} (sync_name text NOT NULL, table_name text NOT NULL, last_key text NULL, " +
        "rows_copied bigint NOT NULL, completed boolean NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (sync_name, table_name))";

    public override string CreateChanges =>
        $"CREATE TABLE IF NOT EXISTS {Quote(ChangesTable)} (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sync_name text NOT NULL, " +
        "entity text NOT NULL, row_key text NOT NULL, deleted boolean NOT NULL, recorded_at timestamptz NOT NULL)";

    public override string UpsertCheckpoint =>
        $"INSERT INTO {Quote(CheckpointsTable)} (sync_name, table_name, last_key, rows_copied, completed, updated_at) " +
        "VALUES (@name, @table, @key, @rows, @completed, @at) ON CONFLICT (sync_name, table_name) DO UPDATE SET " +
        "last_key = excluded.last_key, rows_copied = excluded.rows_copied, completed = excluded.completed, updated_at = excluded.updated_at";
}
