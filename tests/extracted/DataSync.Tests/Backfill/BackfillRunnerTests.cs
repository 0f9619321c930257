using DataSync.Backfill;
using DataSync.Telemetry;
using DataSync.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSync.Tests.Backfill;

public sealed class BackfillRunnerTests
{
    private const int Accounts = 100_000;

    private static readonly BackfillRunner Runner = new(NullLogger<BackfillRunner>.Instance, Metrics());

    [Fact]
    public async Task Run_SqliteToSqlite_CopiesEveryRowExactly()
    {
        await using var source = await LedgerDatabase.SqliteAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(Accounts);

        var result = await RunAsync(source, target, new BackfillOptions("ledger") { BatchSize = 5_000 }, TestContext.Current.CancellationToken);

        Assert.Equal([("accounts", Accounts), ("entries", Accounts / 5)], result.Tables.Select(t => (Short(t.Table), t.Copied)));
        Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
    }

    [Fact]
    public async Task Run_KilledMidwayAndStartedAgain_EndsWithExactlyTheSourceRows()
    {
        await using var source = await LedgerDatabase.SqliteAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(Accounts);

        using var kill = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var batches = 0;
        var interrupted = new BackfillOptions("ledger")
        {
            BatchSize = 3_000,
            Progress = new InlineProgress<BackfillProgress>(_ =>
            {
                if (++batches == 7)
                {
                    kill.Cancel();
                }
            }),
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(source, target, interrupted, kill.Token));
        Assert.Equal(7 * 3_000, await CountAsync(target, "ledger_accounts"));

        var resumed = await RunAsync(source, target, new BackfillOptions("ledger") { BatchSize = 3_000 }, TestContext.Current.CancellationToken);

        Assert.True(resumed.Tables[0].Resumed);
        Assert.Equal(Accounts, resumed.Tables[0].Copied);
        Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
    }

    [Fact]
    public async Task Run_OwnerMovesMidway_StopsBeforeTheNextBatchAndKeepsWhatItCopied()
    {
        await using var source = await LedgerDatabase.SqliteAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(10_000);
        var batches = 0;
        var owned = new BackfillOptions("ledger")
        {
            BatchSize = 2_000,
            Progress = new InlineProgress<BackfillProgress>(_ => batches++),
            // The plan moves the data owner after the second batch.
            SourceStillOwns = () => batches < 2,
        };

        var stopped = await Assert.ThrowsAsync<BackfillStoppedException>(() => RunAsync(source, target, owned, TestContext.Current.CancellationToken));

        Assert.Contains("after 4000 rows", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(4_000, await CountAsync(target, "ledger_accounts"));
        await using var context = target.Context();
        Assert.False(await Runner.IsCompleteAsync(context, "ledger", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task IsComplete_AfterAFullRun_IsTrue()
    {
        await using var source = await LedgerDatabase.SqliteAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(1_000);

        await RunAsync(source, target, new BackfillOptions("ledger"), TestContext.Current.CancellationToken);

        await using var context = target.Context();
        Assert.True(await Runner.IsCompleteAsync(context, "ledger", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Run_SqliteToPostgreSql_ConvertsEveryTypeOnTheWay()
    {
        await using var source = await LedgerDatabase.SqliteAsync();
        await using var target = await LedgerDatabase.PostgresAsync();
        await source.SeedAsync(Accounts);

        var result = await RunAsync(source, target, new BackfillOptions("ledger") { BatchSize = 5_000 }, TestContext.Current.CancellationToken);

        Assert.Equal(Accounts + (Accounts / 5), result.Rows);
        Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
    }

    [Fact]
    public async Task Run_PostgreSqlToPostgreSql_StreamsServerToServerAndUpsertsRowsAlreadyThere()
    {
        await using var source = await LedgerDatabase.PostgresAsync();
        await using var target = await LedgerDatabase.PostgresAsync();
        await source.SeedAsync(Accounts);
        // Change sync got one row there first: its batch must fall back to an upsert, not fail.
        await target.ExecuteAsync($"INSERT INTO ledger.accounts (\"Id\", \"Name\", \"Balance\", \"UpdatedAt\", \"Active\") VALUES ('{LedgerDatabase.IdOf(12_345)}', 'stale', 0, now(), true)");

        using var kill = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var batches = 0;
        var interrupted = new BackfillOptions("ledger")
        {
            BatchSize = 7_000,
            Progress = new InlineProgress<BackfillProgress>(_ =>
            {
                if (++batches == 5)
                {
                    kill.Cancel();
                }
            }),
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(source, target, interrupted, kill.Token));
        var result = await RunAsync(source, target, new BackfillOptions("ledger") { BatchSize = 7_000 }, TestContext.Current.CancellationToken);

        Assert.Equal(Accounts, result.Tables[0].Copied);
        Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
    }

    [Fact]
    public async Task Run_AgainAfterCompletion_CopiesNothingAndChangesNothing()
    {
        await using var source = await LedgerDatabase.SqliteAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(1_000);
        await RunAsync(source, target, new BackfillOptions("ledger"), TestContext.Current.CancellationToken);

        var again = await RunAsync(source, target, new BackfillOptions("ledger"), TestContext.Current.CancellationToken);

        Assert.All(again.Tables, t => Assert.True(t.Resumed));
        Assert.Equal(await source.SnapshotAsync(), await target.SnapshotAsync());
    }

    [Fact]
    public async Task Run_ModuleWithAnOutbox_NeverCopiesThePlumbing()
    {
        await using var source = await LedgerDatabase.SqliteAsync();
        await using var target = await LedgerDatabase.SqliteAsync();
        await source.SeedAsync(10);

        var result = await RunAsync(source, target, new BackfillOptions("ledger"), TestContext.Current.CancellationToken);

        Assert.DoesNotContain(result.Tables, t => t.Table.Contains("outbox", StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync(target, "ledger_outbox_messages"));
    }

    private static async Task<BackfillResult> RunAsync(LedgerDatabase source, LedgerDatabase target, BackfillOptions options, CancellationToken cancellationToken)
    {
        await using var from = source.Context();
        await using var to = target.Context();
        return await Runner.RunAsync(from, to, options, cancellationToken);
    }

    private static async Task<long> CountAsync(LedgerDatabase database, string table)
    {
        await using var context = database.Context();
        await context.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    private static string Short(string table) => table.Replace("ledger_", "", StringComparison.Ordinal).Replace("ledger.", "", StringComparison.Ordinal);

    private static DataSyncMetrics Metrics() => TestMetrics.Create();


    /// <summary>Progress reported on the caller's thread, so a test can act at an exact batch.</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
