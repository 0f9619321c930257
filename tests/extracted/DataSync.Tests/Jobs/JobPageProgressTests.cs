using DataSync.Backfill;
using DataSync.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSync.Tests.Jobs;

public sealed class JobPageProgressTests
{
    [Fact]
    public void Report_ShowsEachReportBeforeReturning_InOrderOnTheCallersThread()
    {
        var shown = new List<(string Text, int Thread)>();
        var progress = new JobPageProgress(text => shown.Add((text, Environment.CurrentManagedThreadId)), NullLogger.Instance);

        // Two reports in quick succession, as the backfill makes when small tables finish one after another:
        // with the thread pool in between they ran at once on the job's storage connection.
        progress.Report(new BackfillProgress("catalog.products", 200, 200, 2351));
        progress.Report(new BackfillProgress("catalog.price_changes", 0, 0, 0));

        Assert.Equal(["catalog.products: 200/200 rows (100.0 %), 2351 rows/s", "catalog.price_changes: 0/0 rows (100.0 %), 0 rows/s"],
            shown.Select(s => s.Text));
        Assert.All(shown, s => Assert.Equal(Environment.CurrentManagedThreadId, s.Thread));
    }

    [Fact]
    public void Report_StorageFails_DoesNotThrow()
    {
        var progress = new JobPageProgress(_ => throw new InvalidOperationException("A command is already in progress"), NullLogger.Instance);

        var thrown = Record.Exception(() => progress.Report(new BackfillProgress("catalog.products", 1, 2, 10)));

        Assert.Null(thrown);
    }
}
