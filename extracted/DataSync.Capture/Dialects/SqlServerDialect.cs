using System.Text;
using DataSync.ChangeLog;
using DataSync.Schema;

namespace DataSync.Dialects;

/// <summary>SQL Server: MERGE for upserts, TOP for pages. Generated and unit-tested; no server runs here.</summary>
public sealed class SqlServerDialect : SqlDialect
{
    public override int MaxParameters => 2_000;

    public override ChangeLogSql ChangeLog { get; } = new SqlServerChangeLog();

    public override string NextPage(SyncTable table, bool fromStart, int pageSize)
    {
        var sql = new StringBuilder("SELECT TOP (").Append(pageSize).Append(") ")
            .AppendJoin(", ", table.Columns.Select(c => Quote(c.Name)))
            .Append(" FROM ").Append(Table(table));
        if (!fromStart)
        {
            sql.Append(" WHERE ").Append(After(table));
        }

        return sql.Append(" ORDER BY ").AppendJoin(", ", table.Keys.Select(k => Quote(k.Name))).ToString();
    }

    protected override string Limit(int rows) => "";

    public override string Upsert(SyncTable table, int rows)
    {
        var columns = table.Columns.Select(c => Quote(c.Name)).ToList();
        var sql = new StringBuilder("MERGE ").Append(Table(table)).Append(" WITH (HOLDLOCK) AS t USING (VALUES ");
        Values(sql, table, rows).Append(") AS s (").AppendJoin(", ", columns).Append(") ON ")
            .AppendJoin(" AND ", table.Keys.Select(k => $"t.{Quote(k.Name)} = s.{Quote(k.Name)}"));
        var others = table.Columns.Where(c => !c.IsKey).ToList();
        if (others.Count > 0)
        {
            sql.Append(" WHEN MATCHED THEN UPDATE SET ").AppendJoin(", ", others.Select(c => $"t.{Quote(c.Name)} = s.{Quote(c.Name)}"));
        }

        return sql.Append(" WHEN NOT MATCHED THEN INSERT (").AppendJoin(", ", columns).Append(") VALUES (")
            .AppendJoin(", ", columns.Select(c => $"s.{c}")).Append(");").ToString();
    }

    public override string CreateCheckpoints => SqlServerChangeLog.Concurrently(
        $"IF OBJECT_ID(N'{CheckpointsTable}', N'U') IS NULL CREATE TABLE {Quote(CheckpointsTable)} (sync_name nvarchar(200) NOT NULL, " +
        "table_name nvarchar(200) NOT NULL, last_key nvarchar(max) NULL, rows_copied bigint NOT NULL, completed bit NOT NULL, " +
        "updated_at datetimeoffset NOT NULL, PRIMARY KEY (sync_name, table_name))");

    /// <summary>READPAST: under locking READ COMMITTED an entry still being written would block the read; it is left for a later round instead.</summary>
    public override string ReadChanges(int limit) =>
        $"SELECT TOP ({limit}) seq, entity, row_key, deleted, recorded_at FROM {Quote(ChangesTable)} WITH (READPAST) WHERE sync_name = @name ORDER BY seq";

    public override string PendingChanges =>
        $"SELECT COUNT(*), MIN(recorded_at) FROM {Quote(ChangesTable)} WITH (READPAST) WHERE sync_name = @name";

    /// <summary>Sessions holding a write lock on the log (needs VIEW SERVER STATE, or VIEW DATABASE STATE on Azure SQL).</summary>
    public override string? OpenLogWriters =>
        "SELECT COUNT(DISTINCT l.request_session_id), MIN(t.transaction_begin_time) FROM sys.dm_tran_locks l " +
        "JOIN sys.dm_tran_session_transactions s ON s.session_id = l.request_session_id " +
        "JOIN sys.dm_tran_active_transactions t ON t.transaction_id = s.transaction_id " +
        $"WHERE l.resource_type = 'OBJECT' AND l.resource_database_id = DB_ID() AND l.resource_associated_entity_id = OBJECT_ID(N'{ChangesTable}') " +
        "AND l.request_mode IN ('IX', 'X') AND l.request_status = 'GRANT' AND l.request_session_id <> @@SPID";

    /// <summary>Also marks the session as DataSync's, which capture triggers skip: applied changes do not echo back.</summary>
    protected override string? LockSync =>
        $"EXEC sp_set_session_context @key = N'{ChangeLogSql.ApplyingMarker}', @value = 1; " +
        "DECLARE @datasync_lock int; EXEC @datasync_lock = sp_getapplock @Resource = @name, @LockMode = 'Exclusive', @LockOwner = 'Transaction', " +
        "@LockTimeout = -1; IF @datasync_lock < 0 THROW 51000, 'The DataSync write lock could not be taken.', 1;";

    public override string UpsertCheckpoint =>
        $"MERGE {Quote(CheckpointsTable)} WITH (HOLDLOCK) AS t USING (VALUES (@name, @table, @key, @rows, @completed, @at)) " +
        "AS s (sync_name, table_name, last_key, rows_copied, completed, updated_at) ON t.sync_name = s.sync_name AND t.table_name = s.table_name " +
        "WHEN MATCHED THEN UPDATE SET last_key = s.last_key, rows_copied = s.rows_copied, completed = s.completed, updated_at = s.updated_at " +
        "WHEN NOT MATCHED THEN INSERT (sync_name, table_name, last_key, rows_copied, completed, updated_at) " +
        "VALUES (s.sync_name, s.table_name, s.last_key, s.rows_copied, s.completed, s.updated_at);";
}
