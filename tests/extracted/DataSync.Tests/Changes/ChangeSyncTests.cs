using DataSync.Backfill;
using DataSync.Changes;
using DataSync.Telemetry;
using DataSync.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSync.Tests.Changes;

public sealed class ChangeSyncTests
{
    private static readonly DataSyncMetrics Metrics = TestMetrics.Create();
    private static readonly BackfillRunner Backfill = new(NullLogger<BackfillRunner>.Instance, Metrics);

    [Fact]
    public async Task Capture_InsertUpdateDelete_LogsEachRowInOrder()
    {
        await using var database = await LedgerDatabase.SqliteAsync();
        var id = LedgerDatabase.IdOf(1);
        await using (var context = database.CapturingContext())
        {
            context.Accounts.Add(new Account { Id = id, Name = "one", UpdatedAt = DateTime.UtcNow });
            context.Entries.Add(new Entry { AccountId = id, Sequence = 1, Amount = 5m });
            await context.SaveChangesAsync(Token);
            context.Accounts.Single().Name = "renamed";
            await context.SaveChangesAsync(Token);
            context.Entries.Remove(context.Entries.Single());
            await context.SaveChangesAsync(Token);
        }

        var log = await LogAsync(database);

        Assert.Equal(
        [
            $"Account [\"{id}\"] upsert", $"Entry [\"{id}\",1] upsert", $"Account [\"{id}\"] upsert", $"Entry [\"{id}\",1] delete",
        ], log);
    }

    [Fact]
    public async Task Capture_DatabaseCreatedByTheCapturingContext_LogsItsFirstChange()
    {
        var server = await PostgresServer.GetAsync();
        Assert.SkipWhen(server.UnavailableReason is not null, server.UnavailableReason ?? "");
        // A database that does not exist yet: EF Core creates it through a connection to the server's admin database.
        var connectionString = await server.CreateDatabaseAsync();
        await server.DropDatabaseAsync(connectionString);
        var options = new DbContextOptionsBuilder<LedgerDbContext>().UseNpgsql(connectionString)
            .AddInterceptors(new ChangeCaptureInterceptor("ledger")).Options;
        try
        {
            await using var context = new LedgerDbContext(options);
            await context.Database.EnsureCreatedAsync(Token);
            context.Accounts.Add(new Account { Id = LedgerDatabase.IdOf(1), Name = "first", UpdatedAt = DateTime.UtcNow });
            await context.SaveChangesAsync(Token);

            Assert.Equal(1L, await context.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM datasync_changes").SingleAsync(Token));
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Capture_SaveChangesThatFails_LogsNothing()
    {
        await using var database = await LedgerDatabase.SqliteAsync();
        await database.SeedAsync(1);
        await using var context = database.CapturingContext();
        context.Accounts.Add(new Account { Id = LedgerDatabase.IdOf(0), Name = "duplicate key", UpdatedAt = DateTime.UtcNow });

        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(Token));

        Assert.Empty(await LogAsync(database));
    }

    [Fact]
    public async Task Apply_ChangesAfterTheBackfill_BringTheTargetLevel()
    {
        await using var source = await LedgerDatabase.SqliteAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(500);
        await BackfillAsync(source, target);

        await using (var context = source.CapturingContext())
        {
            context.Accounts.Single(a => a.Id == LedgerDatabase.IdOf(3)).Balance = 99.5m;
            context.Accounts.Add(new Account { Id = LedgerDatabase.IdOf(9_000), Name = "new", UpdatedAt = DateTime.UtcNow });
            context.Entries.Add(new Entry { AccountId = LedgerDatabase.IdOf(9_000), Sequence = 1, Amount = 1m });
            context.Entries.RemoveRange(context.Entries.Where(e => e.AccountId == LedgerDatabase.IdOf(10)));
            await context.SaveChangesAsync(Token);
        }

        Assert.Equal(5, await ChangeSync.ApplyAllAsync(source, target));
        Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
        Assert.Equal(0, await ChangeSync.ApplyAllAsync(source, target));
        Assert.Empty(await LogAsync(source)); // Applied entries leave the log.
    }

    [Theory]
    [InlineData("SQLite")]
    [InlineData("PostgreSQL")]
    public async Task Capture_ExecuteUpdateAndExecuteDelete_ReachTheOtherSideWithNoExtraCall(string provider)
    {
        await using var source = provider == "SQLite" ? await LedgerDatabase.SqliteAsync() : await LedgerDatabase.PostgresAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(300);
        await BackfillAsync(source, target);
        var first = Enumerable.Range(0, 25).Select(LedgerDatabase.IdOf).ToList();

        await using (var context = source.CapturingContext())
        {
            Assert.Equal(25, await context.Accounts.Where(a => first.Contains(a.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, a => a.Balance + 100).SetProperty(a => a.Name, "set-based"), Token));
            Assert.Equal(6, await context.Entries.Where(e => e.AccountId == LedgerDatabase.IdOf(10) || e.AccountId == LedgerDatabase.IdOf(20)
                || e.AccountId == LedgerDatabase.IdOf(30)).ExecuteDeleteAsync(Token));
            // In the application's own transaction, the log rows commit or roll back with it.
            await using var transaction = await context.Database.BeginTransactionAsync(Token);
            await context.Accounts.Where(a => a.Id == LedgerDatabase.IdOf(299)).ExecuteDeleteAsync(Token);
            await transaction.RollbackAsync(Token);
        }

        Assert.Equal(25 + 6, (await LogAsync(source)).Count);
        Assert.Equal(31, await ChangeSync.ApplyAllAsync(source, target));
        Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
    }

    [Fact]
    public async Task Apply_EntryForNoTableOfTheModule_StopsAndKeepsItPendingRatherThanDropIt()
    {
        await using var source = await LedgerDatabase.SqliteAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(10);
        await BackfillAsync(source, target);
        await using (var context = source.CapturingContext())
        {
            context.Accounts.Single(a => a.Id == LedgerDatabase.IdOf(3)).Name = "changed";
            await context.SaveChangesAsync(Token);
        }

        // As a trigger installed on a table the module's model does not map would log it.
        await source.ExecuteAsync("INSERT INTO datasync_changes (sync_name, entity, row_key, deleted, recorded_at) " +
            "VALUES ('ledger', 'ledger.unmapped', '[1]', 0, '2026-01-01T00:00:00.0000000+00:00')");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ChangeSync.ApplyAllAsync(source, target));

        Assert.Contains("'ledger.unmapped', which is no table of the module", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await LogAsync(source)).Count);
        await using var from = source.Context();
        await using var to = target.Context();
        Assert.Equal(2, (await ChangeSync.Applier.LagAsync(from, to, "ledger", Token)).Pending);
    }

    [Fact]
    public async Task Apply_WhileConcurrentWritersRun_EndsLevelOnPostgreSql()
    {
        await using var source = await LedgerDatabase.PostgresAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(200);
        await BackfillAsync(source, target);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; n < 60; n++)
            {
                await using var context = source.CapturingContext();
                var id = LedgerDatabase.IdOf(10_000 + (writer * 1_000) + n);
                context.Accounts.Add(new Account { Id = id, Name = $"w{writer}-{n}", UpdatedAt = DateTime.UtcNow });
                context.Entries.Add(new Entry { AccountId = id, Sequence = 1, Amount = n });
                var existing = await context.Accounts.SingleAsync(a => a.Id == LedgerDatabase.IdOf((writer * 40) + (n % 40)), Token);
                existing.Balance += 1;
                await context.SaveChangesAsync(Token);
            }
        }, Token)).ToList();

        // Apply continuously while the writers run, then until nothing is left.
        var applying = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await ChangeSync.ApplyAllAsync(source, target);
            }
        }, Token);
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await applying;
        await ChangeSync.ApplyAllAsync(source, target);

        Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task BackfillAsync(LedgerDatabase source, LedgerDatabase target)
    {
        await using var from = source.Context();
        await using var to = target.Context();
        await Backfill.RunAsync(from, to, new BackfillOptions("ledger"), Token);
    }

    private static async Task<IReadOnlyList<string>> LogAsync(LedgerDatabase database)
    {
        await using var context = database.Context();
        await context.Database.OpenConnectionAsync(Token);
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT entity, row_key, deleted FROM datasync_changes ORDER BY seq";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(Token);
            var rows = new List<string>();
            while (await reader.ReadAsync(Token))
            {
                rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {(Convert.ToBoolean(reader.GetValue(2)) ? "delete" : "upsert")}");
            }

            return rows;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return []; // No change was ever logged: the log table does not exist yet.
        }
    }
}
