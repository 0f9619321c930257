using System.Text.RegularExpressions;

namespace Migration.Analysis.Data;

/// <summary>Finds the tables a SQL statement names after FROM, JOIN, INTO, UPDATE or MERGE, with or without quoting.</summary>
internal static partial class SqlTableFinder
{
    public static IEnumerable<TableName> Find(string sql)
    {
        foreach (Match match in TableReference().Matches(sql))
        {
            var first = Unquote(match.Groups["first"].Value);
            var second = match.Groups["second"].Success ? Unquote(match.Groups["second"].Value) : null;
            yield return second is null ? new TableName("", first) : new TableName(first, second);
        }
    }

    private static string Unquote(string name) => name.Trim('[', ']', '"', '`');

    [GeneratedRegex("""\b(?:FROM|JOIN|INTO|UPDATE|MERGE)\s+(?<first>\[[^\]]+\]|"[^"]+"|`[^`]+`|[A-Za-z_][\w$]*)(?:\.(?<second>\[[^\]]+\]|"[^"]+"|`[^`]+`|[A-Za-z_][\w$]*))?""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TableReference();
}
