using Migration.Analysis.Data;
using Migration.Analysis.Reading;

namespace Migration.Analysis.Tests.Data;

public sealed class SqlTableFinderTests
{
    [Theory]
    [InlineData("SELECT * FROM customers.customers WHERE id = @id", "customers.customers")]
    [InlineData("select c.name from [customers].[customers] c", "customers.customers")]
    [InlineData("UPDATE \"inventory\".\"stock_items\" SET on_hand = 1", "inventory.stock_items")]
    [InlineData("INSERT INTO catalog_products (id) VALUES (1)", "catalog_products")]
    public void Find_StatementNamingATable_ReturnsIt(string sql, string table)
    {
        Assert.Contains(table, SqlTableFinder.Find(sql).Select(t => t.ToString()));
    }

    [Fact]
    public void Find_Join_ReturnsEveryTable()
    {
        var tables = SqlTableFinder.Find("SELECT o.id FROM ordering.orders o JOIN customers.customers c ON c.id = o.customer_id").Select(t => t.ToString());

        Assert.Equal(["ordering.orders", "customers.customers"], tables);
    }

    [Theory]
    [InlineData("SELECT * FROM products", true)]
    [InlineData("delete from catalog.products where id = 1", true)]
    [InlineData("UPDATE stock SET on_hand = 0", true)]
    [InlineData("Select a product from the list", false)]
    [InlineData("Update failed", false)]
    [InlineData("products", false)]
    public void LooksLikeSql_TellsStatementsFromProse(string text, bool expected)
    {
        Assert.Equal(expected, SqlDetector.LooksLikeSql(text));
    }
}
