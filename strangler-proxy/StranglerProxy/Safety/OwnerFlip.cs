using System.Globalization;
using Microsoft.Extensions.Options;
using StranglerProxy.Plan;

namespace StranglerProxy.Safety;

/// <summary>
/// The one dangerous step, moving the data owner from the monolith to the service (canary -> extracted),
/// fenced: the module's writes are held (at most Migration:OwnerFlipFence, 2 s by default) until the
/// service's DataSync reports its backfill complete and the monolith's whole change log applied; then the plan is written
/// and the held writes go to the new owner. If the log does not drain in time the flip is aborted and
/// the writes go on to the monolith. A module that owns no tables in the plan has nothing to fence.
/// </summary>
internal sealed partial class OwnerFlip(
    WriteFence fence, PlanWriter writer, DataSyncStatus sync, TimeProvider time, IOptions<PlanOptions> options, ILogger<OwnerFlip> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public async Task<OwnerFlipResult> RunAsync(ModulePlan module, Stage stage, double? percent, CancellationToken cancellationToken)
    {
        var limit = options.Value.OwnerFlipFence;
        var started = time.GetUtcNow();
        var deadline = started + limit;
        // The last reading that said something: a final read cut short by the fence's end says nothing new.
        string? lastReading = null;
        string? lastError = null;
        var result = await fence.HoldAsync<OwnerFlipResult>(module.Name, deadline, time, async () =>
        {
            while (true)
            {
                // Writes are held meanwhile: a slow status read must not hold them past the fence.
                var state = await sync.ReadAsync(module, TimeSpan.FromTicks(Math.Max(0, (deadline - time.GetUtcNow()).Ticks)), cancellationToken);
                if (state.Error is null)
                {
                    lastReading = state.ToString();
                }
                else
                {
                    lastError = state.ToString();
                }

                if (state.CaughtUp)
                {
                    return new OwnerFlipResult(await writer.SetStageAsync(module.Name, stage, percent, cancellationToken), null, time.GetUtcNow() - started);
                }

                if (time.GetUtcNow() + PollInterval >= deadline)
                {
                    return null;
                }

                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }, cancellationToken);

        if (result is not null)
        {
            if (result.Written is { Succeeded: true })
            {
                LogFlipped(logger, module.Name, stage.ToPlanName(), result.Held.TotalMilliseconds);
            }

            return result;
        }

        var reason = string.Create(CultureInfo.InvariantCulture,
            $"Owner flip of {module.Name} to {stage.ToPlanName()} aborted: the change log did not drain within the {limit.TotalSeconds:0.###} s fence ({lastReading ?? lastError ?? "no status yet"}); writes went on to the monolith.");
        LogAborted(logger, module.Name, reason);
        return new OwnerFlipResult(null, reason, time.GetUtcNow() - started);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Owner flip of {Module} to {Stage} done; writes were held {HeldMs:0} ms")]
    private static partial void LogFlipped(ILogger logger, string module, string stage, double heldMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Owner flip of {Module} aborted. {Reason}")]
    private static partial void LogAborted(ILogger logger, string module, string reason);
}

/// <summary>The flip's write result, or why it was aborted; and how long writes were held.</summary>
internal sealed record OwnerFlipResult(PlanWriteResult? Written, string? AbortReason, TimeSpan Held);
