using DataSync.ChangeLog;
using DataSync.Changes;
using DataSync.Dialects;
using DataSync.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Plan;

namespace DataSync.Tests.Changes;

/// <summary>Writes that bypass EF Core (raw ADO.NET, other programs) reach the other side through the database's capture triggers.</summary>
public sealed class CaptureTriggersTests
{
    private static readonly TablesPlan Ledger = new("ledger", null, []);

    [Fact]
    public async Task RawSql_OnTablesWithCaptureTriggers_ReachesTheOtherSideAndNeverEchoesBack()
    {
        await using var source = await LedgerDatabase.PostgresAsync();
        await using var target = await LedgerDatabase.PostgresAsync();
        await source.SeedAsync(200);
        var tables = await InstallAsync(source);
        await InstallAsync(target);
        Assert.Equal(["ledger.accounts", "ledger.entries"], tables.Select(t => t.DisplayName).Order(StringComparer.Ordinal));
        await using (var from = source.Context())
        await using (var to = target.Context())
        {
            await new DataSync.Backfill.BackfillRunner(Microsoft.Extensions.Logging.Abstractions.NullLogger<DataSync.Backfill.BackfillRunner>.Instance,
                TestMetrics.Create()).RunAsync(from, to, new DataSync.Backfill.BackfillOptions("ledger"), Token);
        }

        // Plain ADO.NET, as another program would send it: no EF Core, no interceptor.
        await using (var context = source.Context())
        await using (var connection = new Npgsql.NpgsqlConnection(context.Database.GetConnectionString()))
        {
            await connection.OpenAsync(Token);
            async Task<int> RunAsync(string sql)
            {
                await using var command = new Npgsql.NpgsqlCommand(sql, connection);
                return await command.ExecuteNonQueryAsync(Token);
            }

            Assert.InRange(await RunAsync("UPDATE ledger.accounts SET \"Balance\" = \"Balance\" + 7, \"Name\" = 'raw' WHERE \"Note\" IS NULL OR \"Active\" = false AND \"Balance\" < 100"), 20, 200);
            Assert.Equal(2, await RunAsync($"DELETE FROM ledger.entries WHERE \"AccountId\" = '{LedgerDatabase.IdOf(50)}'"));
            Assert.Equal(1, await RunAsync($"INSERT INTO ledger.accounts (\"Id\", \"Name\", \"Balance\", \"UpdatedAt\", \"Active\") VALUES ('{LedgerDatabase.IdOf(7_777)}', 'inserted raw', 1, now(), true)"));
        }

        Assert.True(await ChangeSync.ApplyAllAsync(source, target) > 0);

        Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
        // The applier's writes, and the backfill's, were not logged on the target: nothing would flow back.
        Assert.Equal(0, await CountLogAsync(target));
    }

    [Fact]
    public void SqlServer_CaptureTriggers_LogBothPseudoTablesUnlessDataSyncIsWriting()
    {
        var table = new CaptureTable("ledger", "entries", [new CaptureKey("AccountId", false), new CaptureKey("Sequence", true)]);

        var trigger = new SqlServerChangeLog().CaptureTriggers("ledger", table).Last();

        Assert.StartsWith("CREATE OR ALTER TRIGGER [ledger].[datasync_capture_entries] ON [ledger].[entries] AFTER INSERT, UPDATE, DELETE AS BEGIN", trigger);
        Assert.Contains("IF SESSION_CONTEXT(N'datasync.applying') IS NOT NULL RETURN;", trigger);
        Assert.Contains("CONCAT(N'[', N'\"', STRING_ESCAPE(CONVERT(nvarchar(max), i.[AccountId]), 'json'), N'\"', N',', CONVERT(nvarchar(100), i.[Sequence]), N']')", trigger);
        Assert.Contains("FROM deleted d;", trigger);
    }

    private static async Task<IReadOnlyList<CaptureTable>> InstallAsync(LedgerDatabase database)
    {
        await using var context = database.Context();
        await context.Database.OpenConnectionAsync(Token);
        var connection = context.Database.GetDbConnection();
        var dialect = new PostgreSqlDialect();
        var tables = await CaptureTriggers.ReadAsync(connection, dialect.ChangeLog, Ledger, Token);
        foreach (var statement in CaptureTriggers.Statements(dialect.ChangeLog, "ledger", tables))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(Token);
        }

        return tables;
    }

    private static async Task<long> CountLogAsync(LedgerDatabase database)
    {
        await using var context = database.Context();
        await context.Database.OpenConnectionAsync(Token);
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM datasync_changes";
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;
}
