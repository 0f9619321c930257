using System.Text.RegularExpressions;
using DataSync.Dialects;
using DataSync.Schema;

namespace DataSync.Changes;

/// <summary>
/// An UPDATE or DELETE of one synced table as EF Core writes <c>ExecuteUpdate</c> and <c>ExecuteDelete</c>
/// on SQLite and PostgreSQL (<c>UPDATE table AS alias ...</c>, <c>DELETE FROM table AS alias ...</c>), and
/// the RETURNING clause that makes it name the rows it changes. Any other text is not recognised; writes
/// that bypass EF Core are for the database's triggers.
/// </summary>
internal sealed partial record SetBasedStatement(SyncTable Table, bool Deletes, string Returning)
{
    public static SetBasedStatement? Match(string sql, SqlDialect dialect, IEnumerable<SyncTable> tables)
    {
        // Every command of a capturing context passes here: the anchored pattern turns away all but UPDATE and DELETE first.
        // SQL Server's OUTPUT goes in the middle of the statement: its set-based writes are the triggers' part.
        if (Head().Match(sql) is not { Success: true } head || dialect is SqlServerDialect
            || sql.Contains("RETURNING", StringComparison.OrdinalIgnoreCase) || sql.TrimEnd().TrimEnd(';').Contains(';', StringComparison.Ordinal))
        {
            return null;
        }

        var parts = Identifier().Matches(head.Groups["table"].Value).Select(p => Unquote(p.Value)).ToList();
        var table = tables.FirstOrDefault(t => t.Name == parts[^1] && (parts.Count == 1 || t.Schema == parts[0]));
        if (table is null)
        {
            return null;
        }

        // SQLite takes the modified table's columns by name alone; PostgreSQL by the alias, which a FROM cannot make ambiguous.
        var alias = head.Groups["alias"].Value;
        var keys = table.Keys.Select(k => dialect is SqliteDialect ? dialect.Quote(k.Name) : $"{alias}.{dialect.Quote(k.Name)}");
        return new SetBasedStatement(table, head.Groups["verb"].Value.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase),
            " RETURNING " + string.Join(", ", keys));
    }

    /// <summary>The statement with its RETURNING clause.</summary>
    public string Returns(string sql) => sql.TrimEnd().TrimEnd(';') + Returning;

    private static string Unquote(string identifier) =>
        identifier.StartsWith('"') ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier;

    [GeneratedRegex("""^\s*(?<verb>UPDATE|DELETE\s+FROM)\s+(?<table>(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\.(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*))?)\s+AS\s+(?<alias>"(?:[^"]|"")+"|[A-Za-z_][\w$]*)\s""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Head();

    [GeneratedRegex("""("(?:[^"]|"")+"|[A-Za-z_][\w$]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
