namespace DataSync.ChangeLog;

/// <summary>
/// The change log's SQL on one database: quoting, the log table (one row per changed row, numbered in the order
/// logged), and, on PostgreSQL and SQL Server, the capture triggers that log the changes no application code sees.
/// </summary>
public abstract class ChangeLogSql
{
    public const string ChangesTable = "datasync_changes";

    /// <summary>
    /// What marks a transaction (PostgreSQL: a transaction-local setting) or session (SQL Server: session context)
    /// as DataSync's own write; capture triggers skip those, so applied changes do not echo back.
    /// </summary>
    public const string ApplyingMarker = "datasync.applying";

    /// <summary>The database's name, for messages.</summary>
    public abstract string Database { get; }

    public abstract string Quote(string identifier);

    /// <summary>A text as an SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Creates the change log when missing, also when two sessions do it at once.</summary>
    public abstract string CreateChanges { get; }

    /// <summary>
    /// Every base table's primary-key columns in key order (schema, table, column, whether numeric), for
    /// capture triggers; null where they are not generated (SQLite).
    /// </summary>
    public virtual string? ListKeyedTables => null;

    /// <summary>The statements that create or replace one table's capture triggers, each to run on its own.</summary>
    public virtual IEnumerable<string> CaptureTriggers(string syncName, CaptureTable table) =>
        throw new NotSupportedException($"Capture triggers are generated for PostgreSQL and SQL Server, not {Database}.");
}
