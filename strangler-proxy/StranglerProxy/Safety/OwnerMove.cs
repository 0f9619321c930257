using System.Globalization;
using Microsoft.Extensions.Options;
using Plan.Transitions;
using StranglerProxy.Plan;

namespace StranglerProxy.Safety;

/// <summary>
/// The fence around every move of a module's data owner, in either direction (canary -> extracted, and
/// extracted or retired back to a stage where the monolith owns the data): the module's writes are held
/// (at most Migration:OwnerFlipFence, 2 s by default), the writes already on their way finish, then the
/// old owner's change log must drain into the new owner (DataSync's status says so); only then is the plan
/// written, and the held writes go to the new owner. If the log does not drain in time, nothing is written,
/// the held writes go on to the old owner, and the move is refused with the reason. With a shared plan store,
/// every other live replica holds the module's writes too before the drain counts (<see cref="IReplicaFence"/>).
/// </summary>
internal sealed partial class OwnerMove(
    WriteFence fence, IReplicaFence replicas, DataSyncStatus sync, TimeProvider time, IOptions<PlanOptions> options, ILogger<OwnerMove> logger) : IOwnerFence
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan PreflightLimit = TimeSpan.FromSeconds(10);

    public async Task<FenceResult> MoveOwnerAsync(ModulePlan module, Stage to, Func<string?, CancellationToken, Task<PlanWrite>> write, CancellationToken cancellationToken)
    {
        var from = DataOwnership.OwnerAt(module.Stage);
        var limit = options.Value.OwnerFlipFence;
        // Asked once before any write is held: a service slow to answer its first status (a cold start) or
        // not answering at all is found out without holding the module's writes for it.
        var before = await sync.ReadAsync(module, limit > PreflightLimit ? limit : PreflightLimit, cancellationToken);
        if (before.Error is { } unavailable)
        {
            var why = $"Owner move of {module.Name} from {module.Stage.ToPlanName()} to {to.ToPlanName()} refused before holding any write: {unavailable}; nothing changed.";
            LogRefused(logger, module.Name, why);
            return FenceResult.Refused(why);
        }

        var started = time.GetUtcNow();
        var deadline = started + limit;
        // The last reading that said something: a final read cut short by the fence's end says nothing new.
        string? lastReading = null;
        string? lastError = null;
        ReplicaHold? everywhere = null;
        var inFlightDone = false;
        PlanWrite? written;
        try
        {
            written = await HoldAndWriteAsync();
        }
        catch (InvalidOperationException) when (everywhere is null && fence.IsHeld(module.Name))
        {
            // Another move of this module's owner holds its writes here (this replica's own, or one it takes part in for another replica).
            var busy = $"Owner move of {module.Name} from {module.Stage.ToPlanName()} to {to.ToPlanName()} refused: another move of the module's data owner holds its writes right now; nothing changed.";
            LogRefused(logger, module.Name, busy);
            return FenceResult.Refused(busy);
        }

        Task<PlanWrite?> HoldAndWriteAsync() => fence.HoldAsync<PlanWrite>(module.Name, deadline, time, async () =>
        {
            inFlightDone = true;
            // The other replicas hold the module's writes too, and say so, before the old owner's log can be called drained.
            everywhere = await replicas.HoldEverywhereAsync(module, to, deadline, cancellationToken);
            if (everywhere.Refusal is not null)
            {
                return null;
            }

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

                if (state.DrainedFrom(from))
                {
                    return await write(everywhere.Fence, cancellationToken);
                }

                if (time.GetUtcNow() + PollInterval >= deadline)
                {
                    return null;
                }

                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }, cancellationToken);

        var held = time.GetUtcNow() - started;
        if (everywhere is { Fence: not null } && written?.Outcome != StageChangeOutcome.Applied)
        {
            await replicas.AbortAsync(everywhere);
        }

        if (everywhere?.Refusal is { } notHeld)
        {
            var why = $"Owner move of {module.Name} from {module.Stage.ToPlanName()} to {to.ToPlanName()} refused: {notHeld}; nothing changed.";
            LogRefused(logger, module.Name, why);
            return FenceResult.Refused(why);
        }

        if (written is not null)
        {
            if (written.Outcome == StageChangeOutcome.Applied)
            {
                LogMoved(logger, module.Name, module.Stage.ToPlanName(), to.ToPlanName(), held.TotalMilliseconds);
            }

            return new FenceResult(written, null);
        }

        var oldOwner = from == DataOwner.Legacy ? "the monolith" : "the service";
        var side = !inFlightDone ? $"the writes already on their way to {oldOwner} did not finish"
            : from == DataOwner.Legacy ? "the monolith's change log did not drain into the service" : "the service's change log did not drain into the monolith";
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"Owner move of {module.Name} from {module.Stage.ToPlanName()} to {to.ToPlanName()} refused: {side} within the {limit.TotalSeconds:0.###} s fence{(inFlightDone ? $" ({lastReading ?? lastError ?? "no status yet"})" : "")}; nothing changed, writes went on to {oldOwner}.");
        LogRefused(logger, module.Name, reason);
        return FenceResult.Refused(reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Owner move of {Module} from {From} to {To} done; writes were held {HeldMs:0} ms")]
    private static partial void LogMoved(ILogger logger, string module, string from, string to, double heldMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Owner move of {Module} refused. {Reason}")]
    private static partial void LogRefused(ILogger logger, string module, string reason);
}
