namespace DataSync.ChangeLog;

public sealed class SqlServerChangeLog : ChangeLogSql
{
    public override string Database => "SQL Server";

    public override string Quote(string identifier) => $"[{identifier.Replace("]", "]]", StringComparison.Ordinal)}]";

    public override string CreateChanges => Concurrently(
        $"IF OBJECT_ID(N'{ChangesTable}', N'U') IS NULL CREATE TABLE {Quote(ChangesTable)} (seq bigint IDENTITY(1,1) PRIMARY KEY, " +
        "sync_name nvarchar(200) NOT NULL, entity nvarchar(200) NOT NULL, row_key nvarchar(max) NOT NULL, deleted bit NOT NULL, recorded_at datetimeoffset NOT NULL)");

    /// <summary>Two sessions creating the table at once: the one that finds it there after all (error 2714) carries on.</summary>
    public static string Concurrently(string createTable) =>
        $"BEGIN TRY {createTable}; END TRY BEGIN CATCH IF ERROR_NUMBER() <> 2714 THROW; END CATCH";

    public override string? ListKeyedTables =>
        "SELECT s.name, t.name, c.name, CASE WHEN ty.name IN ('tinyint', 'smallint', 'int', 'bigint', 'decimal', 'numeric', 'real', 'float', 'money', 'smallmoney') " +
        "THEN 1 ELSE 0 END FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id " +
        "JOIN sys.indexes i ON i.object_id = t.object_id AND i.is_primary_key = 1 " +
        "JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id " +
        "JOIN sys.columns c ON c.object_id = t.object_id AND c.column_id = ic.column_id " +
        "JOIN sys.types ty ON ty.user_type_id = c.user_type_id ORDER BY s.name, t.name, ic.key_ordinal";

    /// <summary>One AFTER trigger for the three events, logging the keys in <c>inserted</c> and <c>deleted</c>.</summary>
    public override IEnumerable<string> CaptureTriggers(string syncName, CaptureTable table)
    {
        var schema = table.Schema is null ? "" : Quote(table.Schema) + ".";
        string Key(string alias) => "CONCAT(N'[', " + string.Join(", N',', ", table.Keys.Select(k => k.IsNumber
            ? $"CONVERT(nvarchar(100), {alias}.{Quote(k.Name)})"
            : $"N'\"', STRING_ESCAPE(CONVERT(nvarchar(max), {alias}.{Quote(k.Name)}), 'json'), N'\"'")) + ", N']')";
        string Log(string rows, string alias, string deleted) =>
            "INSERT INTO " + Quote(ChangesTable) + " (sync_name, entity, row_key, deleted, recorded_at) " +
            $"SELECT N{Literal(syncName)}, N{Literal(table.DisplayName)}, {Key(alias)}, {deleted}, SYSDATETIMEOFFSET() FROM {rows} {alias};";
        yield return CreateChanges;
        yield return
            $"CREATE OR ALTER TRIGGER {schema}{Quote($"datasync_capture_{table.Name}")} ON {schema}{Quote(table.Name)} AFTER INSERT, UPDATE, DELETE AS BEGIN " +
            $"SET NOCOUNT ON; IF SESSION_CONTEXT(N'{ApplyingMarker}') IS NOT NULL RETURN; " +
            Log("inserted", "i", "0") + " " +
            Log("deleted", "d", "CASE WHEN EXISTS (SELECT 1 FROM inserted) THEN 0 ELSE 1 END") + " END";
    }
}
