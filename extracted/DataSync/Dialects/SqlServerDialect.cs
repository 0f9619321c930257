using System.Text;
using DataSync.Schema;

namespace DataSync.Dialects;

/// <summary>SQL Server: MERGE for upserts, TOP for pages. Generated and unit-tested; no server runs here.</summary>
public sealed class SqlServerDialect : SqlDialect
{
    public override int MaxParameters => 2_000;

    public override string Quote(string identifier) => $"[{identifier.Replace("]", "]]", StringComparison.Ordinal)}]";

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

    public override string CreateCheckpoints =>
        $"IF OBJECT_ID(N'{CheckpointsTable}', N'U') IS NULL CREATE TABLE {Quote(CheckpointsTable)} (sync_name nvarchar(200) NOT NULL, " +
        "table_name nvarchar(200) NOT NULL, last_key nvarchar(max) NULL, rows_copied bigint NOT NULL, completed bit NOT NULL, " +
        "updated_at datetimeoffset NOT NULL, PRIMARY KEY (sync_name, table_name))";

    public override string CreateChanges =>
        $"IF OBJECT_ID(N'{ChangesTable}', N'U') IS NULL CREATE TABLE {Quote(ChangesTable)} (seq bigint IDENTITY(1,1) PRIMARY KEY, " +
        "sync_name nvarchar(200) NOT NULL, entity nvarchar(200) NOT NULL, row_key nvarchar(max) NOT NULL, deleted bit NOT NULL, recorded_at datetimeoffset NOT NULL)";

    protected override string NextChanges(int limit) =>
        $"SELECT TOP ({limit}) seq, entity, row_key, deleted, recorded_at FROM {Quote(ChangesTable)} WHERE sync_name = @name AND seq > @after ORDER BY seq";

    public override string UpsertCheckpoint =>
        $"MERGE {Quote(CheckpointsTable)} WITH (HOLDLOCK) AS t USING (VALUES (@name, @table, @key, @rows, @completed, @at)) " +
        "AS s (sync_name, table_name, last_key, rows_copied, completed, updated_at) ON t.sync_name = s.sync_name AND t.table_name = s.table_name " +
        "WHEN MATCHED THEN UPDATE SET last_key = s.last_key, rows_copied = s.rows_copied, completed = s.completed, updated_at = s.updated_at " +
        "WHEN NOT MATCHED THEN INSERT (sync_name, table_name, last_key, rows_copied, completed, updated_at) " +
        "VALUES (s.sync_name, s.table_name, s.last_key, s.rows_copied, s.completed, s.updated_at);";
}
