using Npgsql;
using Testing.Support;

namespace Migrate.Cli.Tests;

/// <summary>
/// `migrate datasync triggers`: the capture triggers of a module's tables, read from a real PostgreSQL, printed
/// as a script or applied; applied, they log a raw SQL change of the module's tables and nothing else.
/// </summary>
public sealed class DataSyncCommandTests
{
    /// <summary>The sample plan gives catalog the schema "catalog"; its outbox is plumbing, ordering's table is not catalog's.</summary>
    private const string Schema =
        """
        CREATE SCHEMA catalog;
        CREATE TABLE catalog.products ("Id" uuid PRIMARY KEY, "Price" numeric NOT NULL);
        CREATE TABLE catalog.price_changes ("ProductId" uuid NOT NULL, "Sequence" integer NOT NULL, PRIMARY KEY ("ProductId", "Sequence"));
        CREATE TABLE catalog.outbox_messages ("Id" uuid PRIMARY KEY);
        CREATE SCHEMA ordering;
        CREATE TABLE ordering.orders ("Id" uuid PRIMARY KEY);
        INSERT INTO catalog.products VALUES ('00000000-0000-0000-0000-000000000001', 10), ('00000000-0000-0000-0000-000000000002', 20);
        """;

    [Fact]
    public async Task Triggers_WithoutApply_PrintTheScriptOfTheModulesTablesAndCreateNothing()
    {
        using var workspace = new Workspace();
        await using var database = await ScratchDatabase.CreateAsync();

        var result = await workspace.RunAsync("datasync", "triggers", "catalog", "--provider", "PostgreSql", "-c", database.ConnectionString);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("-- Capture triggers of module 'catalog' (2 tables): catalog.price_changes, catalog.products\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("CREATE TRIGGER \"datasync_capture_update\" AFTER UPDATE ON \"catalog\".\"products\"", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("outbox_messages", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ordering", result.Out, StringComparison.Ordinal);
        Assert.Equal(0L, await database.ScalarAsync("SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'datasync_capture_%'"));
    }

    [Fact]
    public async Task Triggers_Applied_LogRawSqlChangesOfTheModuleOnly()
    {
        using var workspace = new Workspace();
        await using var database = await ScratchDatabase.CreateAsync();

        var result = await workspace.RunAsync("datasync", "triggers", "catalog", "--provider", "PostgreSql", "-c", database.ConnectionString, "--apply");
        // Applying again replaces them: no error, still one set.
        var again = await workspace.RunAsync("datasync", "triggers", "catalog", "--provider", "PostgreSql", "-c", database.ConnectionString, "--apply");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("catalog.price_changes: changes logged for catalog\ncatalog.products: changes logged for catalog\n", result.Out.ReplaceLineEndings("\n"));
        Assert.Equal(6L, await database.ScalarAsync("SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'datasync_capture_%'"));
        await database.ScalarAsync("UPDATE catalog.products SET \"Price\" = \"Price\" + 1");
        await database.ScalarAsync("INSERT INTO ordering.orders VALUES ('00000000-0000-0000-0000-000000000009')");
        // Both products, each logged under the table's name for the module; the order of another module is not.
        Assert.Equal(2L, await database.ScalarAsync(
            "SELECT COUNT(DISTINCT row_key) FROM datasync_changes WHERE sync_name = 'catalog' AND entity = 'catalog.products' AND NOT deleted"));
        Assert.Equal(0L, await database.ScalarAsync("SELECT COUNT(*) FROM datasync_changes WHERE sync_name <> 'catalog' OR entity <> 'catalog.products'"));
    }

    [Fact]
    public async Task Triggers_UnknownModule_IsBadInputInOneLine()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("datasync", "triggers", "billing", "--provider", "PostgreSql", "-c", "Host=127.0.0.1;Database=none");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"migrate: No module named 'billing' in migration.json; the modules are catalog, customers, inventory, ordering.", result.Error.Trim());
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Triggers_UnreachableDatabase_IsOneLineAndCreatesNothing()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("datasync", "triggers", "catalog", "--provider", "PostgreSql", "-c", "Host=127.0.0.1;Port=9;Database=none;Timeout=3");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("migrate: --connection: PostgreSQL refused the connection: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Triggers_UnknownProvider_IsRefusedByTheParser()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("datasync", "triggers", "catalog", "--provider", "Sqlite", "-c", "Data Source=x.db");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Sqlite", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.PathOf("x.db")));
    }

    [Fact]
    public void Cli_CarriesTheChangeLogsSql_NeitherDataSyncNorTheEfCoreProvidersItsAnalysisWouldThenRead()
    {
        var dependencies = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "migrate.deps.json"));

        Assert.Contains("\"DataSync.ChangeLog/", dependencies, StringComparison.Ordinal);
        foreach (var absent in new[] { "DataSync.Capture", "\"DataSync/", "Npgsql.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.Sqlite" })
        {
            Assert.DoesNotContain(absent, dependencies, StringComparison.Ordinal);
        }
    }

    /// <summary>A fresh database on the test run's PostgreSQL, holding <see cref="Schema"/>.</summary>
    private sealed class ScratchDatabase(PostgresServer server, string connectionString) : IAsyncDisposable
    {
        public string ConnectionString => connectionString;

        public static async Task<ScratchDatabase> CreateAsync()
        {
            var server = await PostgresServer.GetAsync();
            Assert.SkipWhen(server.UnavailableReason is not null, server.UnavailableReason ?? "");
            var database = new ScratchDatabase(server, await server.CreateDatabaseAsync());
            await database.ScalarAsync(Schema);
            return database;
        }

        public async Task<object?> ScalarAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        public async ValueTask DisposeAsync() => await server.DropDatabaseAsync(connectionString);
    }
}
