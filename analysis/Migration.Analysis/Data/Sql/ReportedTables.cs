namespace Migration.Analysis.Data.Sql;

/// <summary>
/// Which of the names a statement gives in table positions are reported, and as what. Both parsers apply
/// the same rules:
/// <list type="bullet">
/// <item>A hole (text the program supplies, {0}) in the table part: no table, as any table could be meant.</item>
/// <item>A hole in the schema part ({schema}.orders, [{0}].Job): the table without a schema, which the program picks.</item>
/// <item>Of db.schema.table, schema.table: which database is a matter of connection strings, not of this text.</item>
/// <item>Temporary tables (#t, ##t, pg_temp.t; those that CREATE TEMP TABLE makes are left out by the parsers):
/// they live for one session, so no other module can share them.</item>
/// <item>The engine's own catalog (information_schema, pg_catalog, sys, pg_*, sqlite_*, and T-SQL's inserted and
/// deleted): no module owns it, so using it couples no module to another.</item>
/// </list>
/// </summary>
internal static class ReportedTables
{
    /// <summary>The table a name reports; null where the rules above leave it out.</summary>
    public static TableName? From(string? schema, string table)
    {
        if (HasHole(table) || table.Length == 0 || table.StartsWith('#'))
        {
            return null;
        }

        schema = schema is null || HasHole(schema) ? "" : schema;
        return IsEngineOwned(schema, table) || schema.StartsWith("pg_temp", StringComparison.OrdinalIgnoreCase) ? null : new TableName(schema, table);
    }

    /// <summary>Whether a name part holds text the program supplies: {0} after assembly or formatting, {name} in a template.</summary>
    public static bool HasHole(string part) => part.Contains('{', StringComparison.Ordinal);

    private static bool IsEngineOwned(string schema, string table) => schema.Length > 0
        ? schema.Equals("information_schema", StringComparison.OrdinalIgnoreCase)
            || schema.Equals("pg_catalog", StringComparison.OrdinalIgnoreCase)
            || schema.Equals("pg_toast", StringComparison.OrdinalIgnoreCase)
            || schema.Equals("sys", StringComparison.OrdinalIgnoreCase)
        : table.StartsWith("pg_", StringComparison.OrdinalIgnoreCase)
            || table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)
            || table.Equals("inserted", StringComparison.OrdinalIgnoreCase)
            || table.Equals("deleted", StringComparison.OrdinalIgnoreCase);
}
