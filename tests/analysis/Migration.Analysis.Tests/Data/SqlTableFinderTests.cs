using Migration.Analysis.Data;
using Migration.Analysis.Data.Sql;

namespace Migration.Analysis.Tests.Data;

public sealed class SqlTableFinderTests
{
    public static TheoryData<string, string, string> Corpus => SqlCorpus.Theory();

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Find_CorpusText_ReturnsExactlyItsTables(string title, string sql, string expected)
    {
        var tables = SqlTableFinder.Find(sql).Select(t => t.ToString()).Order(StringComparer.Ordinal);

        Assert.True(expected.Split(", ", StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).SequenceEqual(tables),
            $"{title}: expected [{expected}], found [{string.Join(", ", tables)}]");
    }

    [Fact]
    public void Corpus_CoversEveryDialectAndProse()
    {
        var byDialect = SqlCorpus.Cases.GroupBy(c => c.Dialect).ToDictionary(g => g.Key, g => g.Count());

        Assert.True(SqlCorpus.Cases.Count >= 60, $"{SqlCorpus.Cases.Count} cases");
        Assert.All(["pg", "t-sql", "sqlite", "hole", "prose", "fragment"], dialect => Assert.True(byDialect.GetValueOrDefault(dialect) >= 4, dialect));
    }

    [Fact]
    public void TSqlCases_ScriptDomAndTheOwnParserAgree()
    {
        // Every T-SQL case is valid T-SQL, so SQL Server's parser reads each; the own parser, which reads the texts
        // that are not T-SQL, must find the same tables in them.
        foreach (var entry in SqlCorpus.Cases.Where(c => c.Dialect == "t-sql"))
        {
            var byScriptDom = TSqlTables.Read(entry.Sql);
            var byParser = SqlStatementParser.Parse(entry.Sql, SqlTokenizer.Tokenize(entry.Sql)!);

            Assert.True(byScriptDom is not null, $"{entry.Title}: not valid T-SQL");
            Assert.True(byParser is not null, $"{entry.Title}: not SQL to the own parser");
            Assert.Equal(byScriptDom.Select(t => t.ToString()).Order(StringComparer.Ordinal), byParser.Select(t => t.ToString()).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Find_Join_ReturnsTablesInOrderOfMention()
    {
        var tables = SqlTableFinder.Find("SELECT o.id FROM ordering.orders o JOIN customers.customers c ON c.id = o.customer_id").Select(t => t.ToString());

        Assert.Equal(["ordering.orders", "customers.customers"], tables);
    }

    [Theory]
    [InlineData("SELECT * FROM \"Orders\"", "", "Orders")]
    [InlineData("SELECT * FROM [dbo].[Order Lines]", "dbo", "Order Lines")]
    [InlineData("SELECT * FROM \"we\"\"ird\".\"x\"", "we\"ird", "x")]
    [InlineData("SELECT * FROM [a]]b].c", "a]b", "c")]
    public void Find_QuotedNames_UnquotesThem(string sql, string schema, string table)
    {
        Assert.Equal([new TableName(schema, table)], SqlTableFinder.Find(sql));
    }
}
