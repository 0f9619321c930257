using Contracts.DataSync;
using DataSync.Backfill;
using DataSync.Reconcile;
using DataSync.Telemetry;
using DataSync.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSync.Tests.Reconcile;

public sealed class ReconcilerTests
{
    private static readonly Reconciler Reconciler = new(NullLogger<Reconciler>.Instance);

    [Fact]
    public async Task Run_SidesInSync_ReportsNothingAndChecksEveryRow()
    {
        await using var pair = await PairAsync(await LedgerDatabase.PostgresAsync());
        var (owner, follower) = pair;

        var report = await RunAsync(owner, follower, repair: false);

        Assert.True(report.InSync);
        Assert.Equal(2_000, report.Tables[0].OwnerRows);
        Assert.Equal(2_000, report.Tables[0].FollowerRows);
        Assert.Equal(0, report.Tables[0].RangesDiffering);
    }

    [Fact]
    public async Task Run_DriftOnTheFollower_FindsEachRowByKeyAndRepairsIt()
    {
        await using var pair = await PairAsync(await LedgerDatabase.SqliteAsync());
        var (owner, follower) = pair;
        await follower.ExecuteAsync($"DELETE FROM ledger_entries WHERE \"AccountId\" = '{Upper(7 * 10)}'");
        await follower.ExecuteAsync($"DELETE FROM ledger_accounts WHERE \"Id\" = '{Upper(5)}'");
        await follower.ExecuteAsync($"UPDATE ledger_accounts SET \"Balance\" = 1.5 WHERE \"Id\" = '{Upper(1_234)}'");
        await follower.ExecuteAsync($"INSERT INTO ledger_accounts (\"Id\", \"Name\", \"Balance\", \"UpdatedAt\", \"Active\") VALUES ('{Upper(99_999)}', 'ghost', 0, '2026-01-01 00:00:00', 1)");

        var report = await RunAsync(owner, follower, repair: true);

        var accounts = report.Tables.Single(t => t.Table.EndsWith("accounts", StringComparison.Ordinal));
        var entries = report.Tables.Single(t => t.Table.EndsWith("entries", StringComparison.Ordinal));
        Assert.Equal([Key(5)], accounts.Missing);
        Assert.Equal([Key(1_234)], accounts.Different);
        Assert.Equal([Key(99_999)], accounts.Extra);
        Assert.Equal([$"[\"{LedgerDatabase.IdOf(70)}\",1]", $"[\"{LedgerDatabase.IdOf(70)}\",2]"], entries.Missing);
        Assert.Equal(await owner.SnapshotAsync(), await follower.SnapshotAsync());
        Assert.True((await RunAsync(owner, follower, repair: false)).InSync);
    }

    [Fact]
    public async Task Run_DriftOnTheOwnerSide_ShowsAsTheFollowerBeingBehind()
    {
        await using var pair = await PairAsync(await LedgerDatabase.PostgresAsync());
        var (owner, follower) = pair;
        await owner.ExecuteAsync($"UPDATE ledger_accounts SET \"Name\" = 'changed behind sync' WHERE \"Id\" = '{Upper(42)}'");

        var report = await RunAsync(owner, follower, repair: false);

        Assert.Equal([Key(42)], report.Tables[0].Different);
        Assert.Equal(1, report.Tables[0].RangesDiffering);
        Assert.NotEqual(await owner.SnapshotAsync(), await follower.SnapshotAsync());
    }

    private static string Key(int n) => $"[\"{LedgerDatabase.IdOf(n)}\"]";

    /// <summary>EF Core keeps Guids on SQLite as upper-case text.</summary>
    private static string Upper(int n) => LedgerDatabase.IdOf(n).ToString().ToUpperInvariant();

    /// <summary>The owner (SQLite, 2,000 accounts) and a follower on the given database, backfilled level.</summary>
    private static async Task<Pair> PairAsync(LedgerDatabase follower)
    {
        var owner = await LedgerDatabase.SqliteAsync();
        await owner.SeedAsync(2_000);
        await using var from = owner.Context();
        await using var to = follower.Context();
        await new BackfillRunner(NullLogger<BackfillRunner>.Instance, TestMetrics.Create())
            .RunAsync(from, to, new BackfillOptions("ledger"), TestContext.Current.CancellationToken);
        return new Pair(owner, follower);
    }

    private static async Task<ReconcileReport> RunAsync(LedgerDatabase owner, LedgerDatabase follower, bool repair)
    {
        await using var ownerContext = owner.Context();
        await using var followerContext = follower.Context();
        return await Reconciler.RunAsync(ownerContext, followerContext, "ledger", "legacy", repair, TestContext.Current.CancellationToken);
    }

    private sealed record Pair(LedgerDatabase Owner, LedgerDatabase Follower) : IAsyncDisposable
    {
        public void Deconstruct(out LedgerDatabase owner, out LedgerDatabase follower) => (owner, follower) = (Owner, Follower);

        public async ValueTask DisposeAsync()
        {
            await Owner.DisposeAsync();
            await Follower.DisposeAsync();
        }
    }
}
