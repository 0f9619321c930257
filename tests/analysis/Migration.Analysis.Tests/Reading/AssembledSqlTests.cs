using Migration.Analysis.Data;
using Migration.Analysis.Modules;
using Migration.Analysis.Reading;
using Migration.Analysis.Tests.Reading.SqlSamples;

namespace Migration.Analysis.Tests.Reading;

public sealed class AssembledSqlTests
{
    private static readonly Lazy<ScannedAssembly> Samples = new(() => AssemblyScanner.Scan(typeof(SqlBuilders).Assembly.Location,
        ModuleMap.FromPatterns([("samples", ["namespace:Migration.Analysis.Tests.Reading.SqlSamples"], [])])));

    [Fact]
    public void Scan_InterpolatedConcatenatedAndFormattedSql_GivesEachWholeStringWithItsHoles()
    {
        string[] expected =
        [
            "SELECT * FROM billing.invoices WHERE patient_id = {0}",
            "SELECT * FROM {0}.orders WHERE id = {1}",
            "SELECT * FROM scheduling.appointments a JOIN {0}",
            "SELECT {0} FROM customers.customers WHERE {1} AND deleted = false",
            "DELETE FROM ordering.carts WHERE id = {0}",
            "UPDATE inventory.stock_items SET on_hand = on_hand - 1 WHERE id = {0}", // FormattableStringFactory.Create's format
            "INSERT INTO {0} (id) SELECT id FROM catalog.products", // string.Format's format
            "SELECT * FROM ordering.orders WHERE {0}", // the ?: is a hole: which literal depends on the path
            "SELECT * FROM (SELECT id FROM {0}.payments) p WHERE p.id = {1}",
            "update J set ExpireAt = NULL from [{0}].Job J with (forceseek) where Id = @id;",
            "SELECT * FROM catalog.categories",
            "SELECT * FROM catalog.{0}{1}",
            "Select a product from the list, {0}", // passes the cheap detector; the parser finds no table in it
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), Samples.Value.SqlTexts.Select(t => t.Text).Order(StringComparer.Ordinal));
        Assert.All(Samples.Value.SqlTexts, t => Assert.Equal(typeof(SqlBuilders).FullName, Samples.Value.Types[t.From].FullName));
    }

    [Fact]
    public void Find_AssembledSql_NamesTheTablesOfItsLiteralsAndNoneForAHole()
    {
        var tables = Samples.Value.SqlTexts.SelectMany(t => SqlTableFinder.Find(t.Text)).Select(t => t.ToString()).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(
            ["Job", "billing.invoices", "catalog.categories", "catalog.products", "customers.customers", "inventory.stock_items",
             "ordering.carts", "ordering.orders", "orders", "payments", "scheduling.appointments"],
            tables);
    }
}
