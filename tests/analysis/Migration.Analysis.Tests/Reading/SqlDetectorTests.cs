using Migration.Analysis.Reading;

namespace Migration.Analysis.Tests.Reading;

public sealed class SqlDetectorTests
{
    [Theory]
    [InlineData("SELECT * FROM products", true)]
    [InlineData("delete from catalog.products where id = 1", true)]
    [InlineData("UPDATE stock SET on_hand = 0", true)]
    [InlineData("SELECT COUNT(*)\nFROM \"sqlite_master\"", true)]
    [InlineData("\n  -- the open orders\n  ;WITH open AS (SELECT id FROM ordering.orders) SELECT * FROM open", true)]
    [InlineData("(SELECT a FROM x) UNION (SELECT a FROM y)", true)]
    [InlineData("TRUNCATE TABLE staging.orders", true)]
    [InlineData("set nocount on; insert into [HangFire].Job (Id) values (@id)", true)]
    [InlineData("Select a product from the list", false)]
    [InlineData("Update failed", false)]
    [InlineData("Delete from cart", false)]
    [InlineData("Attempting to select the first output formatter from the list.", false)]
    [InlineData("SELECT 1 AS value", false)]
    [InlineData("SELECTED FROM the list", false)]
    [InlineData("products", false)]
    public void LooksLikeSql_TellsStatementsFromProse(string text, bool expected)
    {
        Assert.Equal(expected, SqlDetector.LooksLikeSql(text));
    }

    [Theory]
    [InlineData("SELECT ", true)]
    [InlineData("  insert into ", true)]
    [InlineData(" FROM orders", false)]
    [InlineData("Selected", false)]
    public void StartsLikeStatement_TellsTheFirstPieceOfAnAssembledStatement(string text, bool expected)
    {
        Assert.Equal(expected, SqlDetector.StartsLikeStatement(text));
    }
}
