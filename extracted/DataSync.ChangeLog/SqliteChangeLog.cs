namespace DataSync.ChangeLog;

/// <summary>SQLite: the log table only; a single writer and EF Core's capture see every change of the application.</summary>
public sealed class SqliteChangeLog : ChangeLogSql
{
    public override string Database => "SQLite";

    public override string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public override string CreateChanges =>
        $"CREATE TABLE IF NOT EXISTS {Quote(ChangesTable)} (seq INTEGER PRIMARY KEY AUTOINCREMENT, sync_name TEXT NOT NULL, entity TEXT NOT NULL, " +
        "row_key TEXT NOT NULL, deleted INTEGER NOT NULL, recorded_at TEXT NOT NULL)";
}
