using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Migration.Analysis.Data.Sql;

/// <summary>
/// The tables of a T-SQL text by SQL Server's own parser (ScriptDom): where it parses the text without errors, its
/// syntax tree is the authority on T-SQL. Its parser is large and is compiled on first use, so texts that show
/// syntax of other dialects are not handed to it.
/// </summary>
internal static class TSqlTables
{
    [ThreadStatic]
    private static TSql180Parser? t_parser;

    /// <summary>No PostgreSQL or SQLite syntax ($1, :p, ?, ::, $$..$$, E'..', `x`, LIMIT, RETURNING, ON CONFLICT, ..) and no holes.</summary>
    public static bool MayBeTSql(string text, List<SqlToken> tokens)
    {
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case SqlTokenKind.Hole:
                    return false;
                case SqlTokenKind.Parameter when text[token.Start] != '@':
                    return false;
                case SqlTokenKind.String when text[token.Start] is '$' or 'E' or 'e':
                    return false;
                case SqlTokenKind.QuotedName when text[token.Start] == '`':
                    return false;
                case SqlTokenKind.Symbol when token.Length == 2:
                    return false; // ::
                case SqlTokenKind.Word when token.Keyword is SqlKeyword.Limit or SqlKeyword.Returning or SqlKeyword.Conflict
                    or SqlKeyword.Recursive or SqlKeyword.Lateral or SqlKeyword.Pragma:
                    return false;
            }
        }

        return true;
    }

    /// <returns>The tables in order of first mention; null where the text is not valid T-SQL.</returns>
    public static IReadOnlyList<TableName>? Read(string text)
    {
        var parser = t_parser ??= new TSql180Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(text);
        var fragment = parser.Parse(reader, out var errors);
        if (errors.Count > 0 || fragment is not TSqlScript script)
        {
            return null;
        }

        var tables = new List<TableName>();
        foreach (var batch in script.Batches)
        {
            foreach (var statement in batch.Statements)
            {
                var visitor = new TSqlTableVisitor();
                statement.Accept(visitor);
                foreach (var table in visitor.Tables())
                {
                    if (!tables.Contains(table))
                    {
                        tables.Add(table);
                    }
                }
            }
        }

        return tables;
    }
}
