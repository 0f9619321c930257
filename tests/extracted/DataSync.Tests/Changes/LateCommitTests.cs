using DataSync.Backfill;
using DataSync.Changes;
using DataSync.Telemetry;
using DataSync.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSync.Tests.Changes;

/// <summary>
/// A transaction that logs its change and commits long after others that logged theirs later: its change
/// is waited for, never skipped, and the sync says it is pending meanwhile.
/// </summary>
public sealed class LateCommitTests
{
    /// <summary>How long the late transaction stays open: longer than any gap a time-based rule would wait for.</summary>
    private static readonly TimeSpan HeldOpen = TimeSpan.FromSeconds(60);

    /// <summary>How long a change may take to cross while a test box is busy.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly DataSyncMetrics Metrics = TestMetrics.Create();
    private static readonly BackfillRunner Backfill = new(NullLogger<BackfillRunner>.Instance, Metrics);

    [Fact]
    public async Task Apply_TransactionOpenForAMinuteWhileOthersCommit_AppliesItsChangeAfterItCommits()
    {
        await using var source = await LedgerDatabase.PostgresAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(100);
        await using (var from = source.Context())
        await using (var to = target.Context())
        {
            await Backfill.RunAsync(from, to, new BackfillOptions("ledger"), Token);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var applying = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await ChangeSync.ApplyAllAsync(source, target);
                await Task.Yield();
            }
        }, Token);

        // The late transaction logs its change first, so its log number comes before every other's.
        await using var late = source.CapturingContext();
        await using var transaction = await late.Database.BeginTransactionAsync(Token);
        (await late.Accounts.SingleAsync(a => a.Id == LedgerDatabase.IdOf(1), Token)).Name = "committed late";
        await late.SaveChangesAsync(Token);

        // Meanwhile others commit changes, which reach the target while the late one is still open.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var n = 0;
        while (clock.Elapsed < HeldOpen)
        {
            n++;
            await using (var other = source.CapturingContext())
            {
                (await other.Accounts.SingleAsync(a => a.Id == LedgerDatabase.IdOf(2 + (n % 50)), Token)).Name = $"committed meanwhile {n}";
                await other.SaveChangesAsync(Token);
            }

            await Eventually.MatchAsync(() => NameInTargetAsync(target, 2 + (n % 50)), name => name == $"committed meanwhile {n}",
                $"a change committed while the late transaction is open (#{n}) reaches the target", Patience);
            var lag = await LagAsync(source, target);
            Assert.True(lag is { InOpenTransactions: >= 1, Pending: >= 1 }, $"while the late transaction is open, the sync reports it pending: {lag}");
            Assert.Equal("account 1", await NameInTargetAsync(target, 1));
            await Task.Delay(TimeSpan.FromSeconds(2), Token); // The pace of the other writers, not a wait for a result.
        }

        await transaction.CommitAsync(Token);

        await Eventually.MatchAsync(() => NameInTargetAsync(target, 1), name => name == "committed late",
            "the late transaction's change reaches the target once it commits", Patience);
        await Eventually.MatchAsync(() => LagAsync(source, target), lag => lag.Pending == 0, "nothing is pending once every transaction has ended", Patience);
        await stop.CancelAsync();
        await applying;
        Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
    }

    private static async Task<ChangeApplier.SyncLag> LagAsync(LedgerDatabase source, LedgerDatabase target)
    {
        await using var from = source.Context();
        await using var to = target.Context();
        return await ChangeSync.Applier.LagAsync(from, to, "ledger", Token);
    }

    private static async Task<string?> NameInTargetAsync(LedgerDatabase target, int n)
    {
        await using var context = target.Context();
        return await context.Accounts.Where(a => a.Id == LedgerDatabase.IdOf(n)).Select(a => a.Name).SingleOrDefaultAsync(Token);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;
}
