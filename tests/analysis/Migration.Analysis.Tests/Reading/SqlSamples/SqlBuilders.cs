using System.Globalization;

namespace Migration.Analysis.Tests.Reading.SqlSamples;

/// <summary>SQL built the ways application code builds it, for the scanner to assemble. Nothing calls these.</summary>
internal static class SqlBuilders
{
    public static string Invoices(int patientId) => $"SELECT * FROM billing.invoices WHERE patient_id = {patientId}";

    public static string OrdersIn(string schema, int id) => $"SELECT * FROM {schema}.orders WHERE id = {id}";

    public static string AppointmentsJoinedWith(string table) => "SELECT * FROM " + "scheduling.appointments a JOIN " + table;

    public static string Customers(string columns, string condition) => "SELECT " + columns + " FROM customers.customers WHERE " + condition + " AND deleted = false";

    public static string DeleteCart(int id) => string.Create(CultureInfo.InvariantCulture, $"DELETE FROM ordering.carts WHERE id = {id}");

    public static FormattableString TakeStock(int id) => $"UPDATE inventory.stock_items SET on_hand = on_hand - 1 WHERE id = {id}";

    public static string CopyProductsInto(string table) => string.Format(CultureInfo.InvariantCulture, "INSERT INTO {0} (id) SELECT id FROM catalog.products", table);

    public static string Orders(bool open) => "SELECT * FROM ordering.orders WHERE " + (open ? "state = 'open'" : "state = 'closed'");

    public static string Payments(string schema, int id) => $"SELECT * FROM ({$"SELECT id FROM {schema}.payments"}) p WHERE p.id = {id}";

    public static string ExpireJob(string schema) => $"update J set ExpireAt = NULL from [{schema}].Job J with (forceseek) where Id = @id;";

    public static string Categories() => "SELECT * FROM catalog.categories";

    public static string CatalogTable(string table, char suffix) => "SELECT * FROM catalog." + table + suffix;

    public static string Prompt(string name) => $"Select a product from the list, {name}";
}
