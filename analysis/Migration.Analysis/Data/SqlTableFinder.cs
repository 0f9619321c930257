using Migration.Analysis.Data.Sql;

namespace Migration.Analysis.Data;

/// <summary>
/// Finds the tables a SQL text names, by parsing it: <see cref="SqlStatementParser"/> for every dialect, and where
/// that finds tables in what may be T-SQL, SQL Server's own parser (<see cref="TSqlTables"/>), whose reading wins
/// where it parses the text. A text that is not a statement (a fragment, a sentence) names no table.
/// </summary>
internal static class SqlTableFinder
{
    public static IEnumerable<TableName> Find(string sql)
    {
        if (SqlTokenizer.Tokenize(sql) is not { } tokens || SqlProse.IsSentence(sql, tokens))
        {
            return [];
        }

        // The own parser first: it is cheap, and where it finds no table (or no statement) T-SQL's parser is not
        // worth compiling and running.
        if (SqlStatementParser.Parse(sql, tokens) is not { Count: > 0 } tables)
        {
            return [];
        }

        return TSqlTables.MayBeTSql(sql, tokens) && TSqlTables.Read(sql) is { } tsql ? tsql : tables;
    }
}
