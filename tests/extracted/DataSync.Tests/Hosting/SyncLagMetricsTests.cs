using DataSync.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataSync.Tests.Hosting;

/// <summary>The worker's sync lag gauges (datasync.lag.pending, datasync.lag.oldest) over real databases.</summary>
public sealed class SyncLagMetricsTests
{
    [Theory]
    [InlineData("SQLite")]
    [InlineData("PostgreSQL")]
    public async Task Lag_ChangeSyncHeldUpByAnEntryOfNoTable_ReportsWhatWaitsAndForHowLongThenZeroOnceMended(string provider)
    {
        await using var legacy = provider == "SQLite" ? await LedgerDatabase.SqliteAsync() : await LedgerDatabase.PostgresAsync();
        await using var service = await LedgerDatabase.SqliteAsync();
        await legacy.SeedAsync(10);
        await using var worker = await LedgerSyncWorker.StartAsync(legacy, service, "canary");
        using var gauges = new LagGauges(worker.Services);

        // Two changes and, in their transaction, an entry logged an hour ago by a trigger on a table the module does not map:
        // change sync stops on it (nothing is dropped), so all three wait, deterministically, for as long as the test needs.
        await using (var context = legacy.CapturingContext())
        {
            await using var transaction = await context.Database.BeginTransactionAsync(Token);
            (await context.Accounts.SingleAsync(a => a.Id == LedgerDatabase.IdOf(1), Token)).Name = "renamed";
            context.Accounts.Add(new Account { Id = LedgerDatabase.IdOf(500), Name = "new", UpdatedAt = DateTime.UtcNow });
            await context.SaveChangesAsync(Token);
            await context.Database.ExecuteSqlAsync(
                $"INSERT INTO datasync_changes (sync_name, entity, row_key, deleted, recorded_at) VALUES ('ledger', 'ledger.unmapped', '[1]', {false}, {DateTimeOffset.UtcNow.AddHours(-1)})",
                Token);
            await transaction.CommitAsync(Token);
        }

        var held = await Eventually.MatchAsync(() => Task.FromResult(gauges.Read()), r => r is [{ Pending: 3 }], "the three waiting changes are reported");
        Assert.Equal(new LagReading("ledger", "LegacyToService", 3, held[0].OldestSeconds), held[0]);
        Assert.InRange(held[0].OldestSeconds, 3600, 3600 + 120);

        await legacy.ExecuteAsync("DELETE FROM datasync_changes WHERE entity = 'ledger.unmapped'");

        await Eventually.MatchAsync(() => Task.FromResult(gauges.Read()), r => r is [{ Pending: 0, OldestSeconds: 0 }],
            "once the entry is mended the changes are applied and nothing waits");
        await using var applied = service.Context();
        Assert.Equal("new", (await applied.Accounts.SingleAsync(a => a.Id == LedgerDatabase.IdOf(500), Token)).Name);
    }

    [Fact]
    public async Task Lag_OwnerMovedThenModuleRetired_FollowsTheDirectionThenIsNoLongerReported()
    {
        await using var legacy = await LedgerDatabase.SqliteAsync();
        await using var service = await LedgerDatabase.SqliteAsync();
        await using var worker = await LedgerSyncWorker.StartAsync(legacy, service, "canary");
        using var gauges = new LagGauges(worker.Services);
        await Eventually.MatchAsync(() => Task.FromResult(gauges.Read()), r => r is [{ Direction: "LegacyToService", Pending: 0 }],
            "the monolith's log is measured while it owns the data");

        worker.SetStage("extracted");
        // The service's log from now on, and the old direction's series gone rather than left at its last value.
        await Eventually.MatchAsync(() => Task.FromResult(gauges.Read()), r => r is [{ Direction: "ServiceToLegacy", Pending: 0 }],
            "the service's log is measured once it owns the data");

        worker.SetStage("retired");
        await Eventually.MatchAsync(() => Task.FromResult(gauges.Read()), r => r.Count == 0, "a retired module's lag is not reported");
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;
}
