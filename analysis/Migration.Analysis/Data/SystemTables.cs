namespace Migration.Analysis.Data;

/// <summary>
/// The databases' own catalogs (information_schema, sqlite_master, sys.*, pg_catalog): code reads them to
/// look at the schema, and no module owns them, so they are no coupling between modules.
/// </summary>
internal static class SystemTables
{
    private static readonly string[] Schemas = ["information_schema", "sys", "pg_catalog"];

    public static bool Contains(TableName table) =>
        Schemas.Contains(table.Schema, StringComparer.OrdinalIgnoreCase)
        || table.Table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)
        || (table.Schema.Length == 0 && table.Table.StartsWith("pg_", StringComparison.OrdinalIgnoreCase));
}
