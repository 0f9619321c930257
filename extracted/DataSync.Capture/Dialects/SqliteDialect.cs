using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using DataSync.ChangeLog;
using DataSync.Schema;

namespace DataSync.Dialects;

public sealed class SqliteDialect : SqlDialect
{
    // Microsoft.Data.Sqlite binds by name, and SQLite finds each name by a linear search: statements
    // with thousands of parameters bind in quadratic time. Many small statements are far faster.
    public override int MaxParameters => 1_000;

    public override ChangeLogSql ChangeLog { get; } = new SqliteChangeLog();

    /// <summary>SQLite has no schemas (a qualifier would name an attached database): tables go by name alone.</summary>
    public override string Table(SyncTable table) => Quote(table.Name);

    protected override string Limit(int rows) => $"LIMIT {rows}";

    /// <summary>ISO 8601 text, which sorts and parses the same everywhere (SQLite has no timestamp type).</summary>
    public override object Timestamp(DateTimeOffset value) => value.ToString("O");

    public override string Upsert(SyncTable table, int rows) => OnConflict(this, table, rows);

    /// <summary>INSERT ... ON CONFLICT (keys) DO UPDATE, shared by SQLite and PostgreSQL.</summary>
    internal static string OnConflict(SqlDialect dialect, SyncTable table, int rows)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(dialect.Table(table)).Append(" (")
            .AppendJoin(", ", table.Columns.Select(c => dialect.Quote(c.Name))).Append(") VALUES ");
        Values(sql, table, rows).Append(" ON CONFLICT (").AppendJoin(", ", table.Keys.Select(k => dialect.Quote(k.Name))).Append(')');
        var others = table.Columns.Where(c => !c.IsKey).ToList();
        return (others.Count == 0
            ? sql.Append(" DO NOTHING")
            : sql.Append(" DO UPDATE SET ").AppendJoin(", ", others.Select(c => $"{dialect.Quote(c.Name)} = excluded.{dialect.Quote(c.Name)}"))).ToString();
    }

    public override string CreateCheckpoints =>
        $"CREATE TABLE IF NOT EXISTS {Quote(CheckpointsTable)} (sync_name TEXT NOT NULL, table_name TEXT NOT NULL, last_key TEXT NULL, " +
        "rows_copied INTEGER NOT NULL, completed INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (sync_name, table_name))";

    /// <summary>One writer at a time: an open transaction that logged a change keeps every other writer out.</summary>
    public override string? OpenLogWriters => null;

    /// <summary>BEGIN IMMEDIATE takes the database's one write lock at once, which is the sync's lock too.</summary>
    public override Task<DbTransaction> BeginSyncWriteAsync(DbConnection connection, string syncName, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override string UpsertCheckpoint =>
        $"INSERT INTO {Quote(CheckpointsTable)} (sync_name, table_name, last_key, rows_copied, completed, updated_at) " +
        "VALUES (@name, @table, @key, @rows, @completed, @at) ON CONFLICT (sync_name, table_name) DO UPDATE SET " +
        "last_key = excluded.last_key, rows_copied = excluded.rows_copied, completed = excluded.completed, updated_at = excluded.updated_at";
}
