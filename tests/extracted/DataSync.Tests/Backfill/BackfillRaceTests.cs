using DataSync.Backfill;
using DataSync.Changes;
using DataSync.Reconcile;
using DataSync.Telemetry;
using DataSync.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSync.Tests.Backfill;

/// <summary>
/// The backfill and change sync writing into one target at once, with the monolith changing the rows
/// the backfill is about to copy: neither may leave an older version of a row in place of a newer one.
/// </summary>
public sealed class BackfillRaceTests
{
    private const int Accounts = 50_000;
    private const int Runs = 20;
    private const int BatchSize = 1_000;

    private static readonly DataSyncMetrics Metrics = TestMetrics.Create();
    private static readonly BackfillRunner Backfill = new(NullLogger<BackfillRunner>.Instance, Metrics);
    private static readonly Reconciler Reconciler = new(NullLogger<Reconciler>.Instance);

    [Theory]
    [InlineData("SQLite")]
    [InlineData("PostgreSQL")]
    public async Task Backfill_WritersUpdateThePagesAheadOfIt_ReconcileFindsNoDifferenceInAnyRun(string provider)
    {
        await using var source = await OpenAsync(provider);
        await source.SeedAsync(Accounts);
        var updates = 0;

        for (var run = 1; run <= Runs; run++)
        {
            await using var target = await OpenAsync(provider);
            updates += await RaceAsync(source, target);

            await using var owner = source.Context();
            await using var follower = target.Context();
            var report = await Reconciler.RunAsync(owner, follower, "ledger", "source", repair: false, Token);
            var differing = report.Tables.Sum(t => t.Missing.Count + t.Extra.Count + t.Different.Count);
            Assert.True(differing == 0,
                $"Run {run} of {Runs} ({provider}): reconcile found {differing} differing row(s), e.g. " +
                string.Join(", ", report.Tables.SelectMany(t => t.Different.Concat(t.Missing).Concat(t.Extra)).Take(5)));
        }

        // The race was run, not dodged: the writers changed rows while the backfills were copying.
        Assert.True(updates >= Runs * 20, $"only {updates} updates landed during {Runs} backfills");
    }

    /// <summary>One backfill with change sync applying and four writers updating rows of the next pages.</summary>
    /// <returns>How many updates the writers made while the backfill ran.</returns>
    private static async Task<int> RaceAsync(LedgerDatabase source, LedgerDatabase target)
    {
        var progress = new Copied();
        var backfill = Task.Run(async () =>
        {
            await using var from = source.Context();
            await using var to = target.Context();
            await Backfill.RunAsync(from, to, new BackfillOptions("ledger") { BatchSize = BatchSize, Progress = progress }, Token);
        }, Token);

        var updates = 0;
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            while (!backfill.IsCompleted && progress.Accounts < Accounts - BatchSize)
            {
                // A row one or two pages past what the backfill has committed: the page it reads next, or the one after.
                var n = (int)Math.Min(Accounts - 1, progress.Accounts + random.Next(BatchSize, 3 * BatchSize));
                await using var context = source.CapturingContext();
                var account = await context.Accounts.SingleAsync(a => a.Id == LedgerDatabase.IdOf(n), Token);
                account.Balance += 1;
                account.Name = $"written by {writer} at {Environment.TickCount64}";
                await context.SaveChangesAsync(Token);
                Interlocked.Increment(ref updates);
            }
        }, Token)).ToList();

        var applying = Task.Run(async () =>
        {
            while (!backfill.IsCompleted || writers.Any(w => !w.IsCompleted))
            {
                await ChangeSync.ApplyAllAsync(source, target, batchSize: 500);
            }
        }, Token);

        await backfill;
        await Task.WhenAll(writers);
        await applying;
        await ChangeSync.ApplyAllAsync(source, target, batchSize: 500);
        return updates;
    }

    private static Task<LedgerDatabase> OpenAsync(string provider) =>
        provider == "SQLite" ? LedgerDatabase.SqliteAsync() : LedgerDatabase.PostgresAsync();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The accounts the backfill has committed so far, reported synchronously after each batch.</summary>
    private sealed class Copied : IProgress<BackfillProgress>
    {
        private long _accounts;

        public long Accounts => Interlocked.Read(ref _accounts);

        public void Report(BackfillProgress value)
        {
            if (value.Table.EndsWith("accounts", StringComparison.Ordinal))
            {
                Interlocked.Exchange(ref _accounts, value.Copied);
            }
        }
    }
}
