using DataSync.Changes;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSync.Tests.Infrastructure;

/// <summary>Change sync of the ledger between two test databases, as the worker runs it.</summary>
internal static class ChangeSync
{
    public static ChangeApplier Applier { get; } = new(NullLogger<ChangeApplier>.Instance, TestMetrics.Create());

    /// <summary>Applies the source's change log to the target in batches until nothing is left to apply.</summary>
    /// <returns>How many changes were applied.</returns>
    public static async Task<int> ApplyAllAsync(LedgerDatabase source, LedgerDatabase target, int batchSize = 100)
    {
        var total = 0;
        while (true)
        {
            await using var from = source.Context();
            await using var to = target.Context();
            var applied = await Applier.ApplyAsync(from, to, "ledger", batchSize, TestContext.Current.CancellationToken);
            if (applied == 0)
            {
                return total;
            }

            total += applied;
        }
    }
}
