using Npgsql;
using Testing.Support;

namespace Migrate.Cli.Tests;

/// <summary>`migrate datasync triggers`: the capture triggers of a module's tables, printed or applied to a real database.</summary>
public sealed class DataSyncCommandTests
{
    [Fact]
    public async Task Triggers_OnPostgreSql_PrintedForThePlansTablesThenAppliedCaptureARawInsert()
    {
        var server = await PostgresServer.GetAsync();
        Assert.SkipWhen(server.UnavailableReason is not null, server.UnavailableReason ?? "");
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            await ExecuteAsync(connectionString,
                "CREATE SCHEMA catalog; CREATE TABLE catalog.products (id uuid PRIMARY KEY, name text NOT NULL); " +
                "CREATE TABLE catalog.outbox_messages (id bigint PRIMARY KEY); CREATE TABLE public.elsewhere (id int PRIMARY KEY)");
            using var workspace = new Workspace();

            var printed = await workspace.RunAsync("datasync", "triggers", "catalog", "--provider", "PostgreSql", "--connection", connectionString);

            Assert.True(printed.ExitCode == 0, printed.ToString());
            Assert.Contains("CREATE TRIGGER \"datasync_capture_insert\" AFTER INSERT ON \"catalog\".\"products\"", printed.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("outbox_messages", printed.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("elsewhere", printed.Out, StringComparison.Ordinal);
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'datasync_capture_%'"));

            var applied = await workspace.RunAsync("datasync", "triggers", "catalog", "--provider", "PostgreSql", "--connection", connectionString, "--apply");

            Assert.True(applied.ExitCode == 0, applied.ToString());
            Assert.Contains("1 table(s) of catalog: catalog.products", applied.Out, StringComparison.Ordinal);
            await ExecuteAsync(connectionString, "INSERT INTO catalog.products VALUES ('00000000-0000-0000-0000-000000000042', 'raw')");
            Assert.Equal("catalog catalog.products [\"00000000-0000-0000-0000-000000000042\"]", await ScalarAsync(connectionString,
                "SELECT sync_name || ' ' || entity || ' ' || row_key FROM datasync_changes"));
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Theory]
    [InlineData("catalog", "Sqlite", "capture triggers are generated for PostgreSql and SqlServer")]
    [InlineData("catalog", "Oracle", "Unknown database provider 'Oracle'")]
    [InlineData("nope", "PostgreSql", "migration.json has no module 'nope'.")]
    public async Task Triggers_BadInput_IsOneLineAndExitCode2(string module, string provider, string reason)
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("datasync", "triggers", module, "--provider", provider, "--connection", "Host=127.0.0.1;Port=1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
