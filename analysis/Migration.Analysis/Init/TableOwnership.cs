using Migration.Analysis.Reports;
using Plan;

namespace Migration.Analysis.Init;

/// <summary>
/// Which module owns which tables, for a draft plan: a table belongs to the one module whose code maps it
/// with EF Core; mapped by several, to the one named like its schema. A module's tables are written as its
/// schema when it owns the whole schema and nothing outside it, else as a list of names.
/// </summary>
internal static class TableOwnership
{
    public static IReadOnlyDictionary<string, TablesPlan> Assign(AnalysisReport report, IReadOnlySet<string> modules, List<string> check)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in report.Tables)
        {
            var mappers = table.UsedBy.Where(u => u.Kind == "mapped" && modules.Contains(u.Module)).Select(u => u.Module).Distinct().ToList();
            var schema = Schema(table.Table);
            var owner = mappers switch
            {
                [var only] => only,
                [] => null,
                _ => mappers.FirstOrDefault(m => string.Equals(m, schema, StringComparison.OrdinalIgnoreCase) || string.Equals(m, ModuleGuess.PlanName(schema), StringComparison.Ordinal)),
            };
            if (owner is not null)
            {
                owners[table.Table] = owner;
            }
            else if (mappers.Count > 1)
            {
                check.Add($"{table.Table} is mapped by {string.Join(" and ", mappers)}: give it to one of them (the others then read it through its owner, or keep a copy in sync).");
            }
            else if (table.UsedBy.Any(u => modules.Contains(u.Module)))
            {
                check.Add($"{table.Table} is named in SQL by {string.Join(", ", table.UsedBy.Select(u => u.Module).Distinct())}, but no module maps it: say which module owns it.");
            }
        }

        var plans = new Dictionary<string, TablesPlan>(StringComparer.Ordinal);
        foreach (var group in owners.GroupBy(o => o.Value, o => o.Key))
        {
            var schemas = group.Select(Schema).Distinct(StringComparer.Ordinal).ToList();
            var wholeSchema = schemas is [{ Length: > 0 } schema]
                && report.Tables.Where(t => Schema(t.Table) == schema).All(t => owners.GetValueOrDefault(t.Table) == group.Key);
            plans[group.Key] = wholeSchema
                ? TablesPlan.None with { Schema = schemas[0] }
                : TablesPlan.None with { Names = [.. group.Order(StringComparer.Ordinal)] };
        }

        return plans;
    }

    private static string Schema(string table) => table.Contains('.', StringComparison.Ordinal) ? table[..table.IndexOf('.', StringComparison.Ordinal)] : "";
}
