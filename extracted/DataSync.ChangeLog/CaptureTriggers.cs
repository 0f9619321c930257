using System.Data.Common;
using Plan;

namespace DataSync.ChangeLog;

/// <summary>
/// Database triggers that log every change of a module's tables into the change log, whoever makes it:
/// raw SQL, other programs, set-based statements. Generated from the database's own description of the
/// tables the plan gives the module, on PostgreSQL and SQL Server. DataSync's own writes are not logged
/// (the triggers skip a transaction that holds the sync's write lock), so changes never echo back.
/// </summary>
public static class CaptureTriggers
{
    /// <summary>The module's tables in the database: those the plan's tables select, with a primary key, never plumbing.</summary>
    public static async Task<IReadOnlyList<CaptureTable>> ReadAsync(DbConnection connection, ChangeLogSql sql, TablesPlan plan,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql.ListKeyedTables ?? throw new NotSupportedException($"Capture triggers are generated for PostgreSQL and SQL Server, not {sql.Database}.");
        var keys = new List<(string Schema, string Table, CaptureKey Key)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add((reader.GetString(0), reader.GetString(1), new CaptureKey(reader.GetString(2), Convert.ToBoolean(reader.GetValue(3)))));
            }
        }

        return [.. keys.GroupBy(k => (k.Schema, k.Table))
            .Where(t => Selected(plan, t.Key.Schema, t.Key.Table) && !IsPlumbing(t.Key.Table))
            .Select(t => new CaptureTable(t.Key.Schema, t.Key.Table, [.. t.Select(k => k.Key)]))];
    }

    /// <summary>The statements that create (or replace) the triggers of every table, each to run on its own.</summary>
    public static IReadOnlyList<string> Statements(ChangeLogSql sql, string syncName, IEnumerable<CaptureTable> tables) =>
        [.. tables.SelectMany(table => sql.CaptureTriggers(syncName, table))];

    private static bool Selected(TablesPlan plan, string schema, string table) =>
        (plan.Schema is null || plan.Schema.Equals(schema, StringComparison.OrdinalIgnoreCase))
        && (plan.Prefix is null || table.StartsWith(plan.Prefix, StringComparison.OrdinalIgnoreCase))
        && (plan.Names.Count == 0 || plan.Names.Any(n => n.Equals(table, StringComparison.OrdinalIgnoreCase) || n.Equals($"{schema}.{table}", StringComparison.OrdinalIgnoreCase)))
        && (plan.Schema is not null || plan.Prefix is not null || plan.Names.Count > 0);

    private static bool IsPlumbing(string table) => table.StartsWith("datasync_", StringComparison.OrdinalIgnoreCase) || PlumbingTables.Contains(table);
}
