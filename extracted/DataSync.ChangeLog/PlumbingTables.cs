namespace DataSync.ChangeLog;

/// <summary>Tables in a module's schema that hold no module data: its outbox, inbox and migrations history.</summary>
public static class PlumbingTables
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "outbox_messages", "inbox_messages", "__EFMigrationsHistory",
    };

    /// <summary>"outbox_messages", or "catalog_outbox_messages" on SQLite, where the schema became a prefix.</summary>
    public static bool Contains(string table) =>
        Names.Any(p => table.Equals(p, StringComparison.OrdinalIgnoreCase) || table.EndsWith("_" + p, StringComparison.OrdinalIgnoreCase));
}
