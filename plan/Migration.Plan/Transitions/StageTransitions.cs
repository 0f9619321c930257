namespace Plan.Transitions;

/// <summary>
/// The one way a module changes stage, whoever asks (the admin API and dashboard, the automatic rollback,
/// `migrate stage` on a plan file): validate, apply the promotion gate, fence the move when the data
/// owner changes (in either direction), compare-and-swap the plan, audit, and only then answer.
/// One change at a time per process; a change made on a stale read of the plan is refused, not merged.
/// </summary>
public sealed class StageTransitions(IPlanVersions plans, IPromotionGate gate, IOwnerFence fence, IAuditTrail audit, TimeProvider time)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>
    /// Runs the change to its end: once started it is not abandoned with the caller's request (a client
    /// timeout must not leave a written plan unaudited); the fence's own deadline bounds it.
    /// </summary>
    public async Task<StageChangeResult> RunAsync(StageChange change, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await RunOneAsync(change);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<StageChangeResult> RunOneAsync(StageChange change)
    {
        var basis = plans.Current;
        if (basis.Plan.Modules.GetValueOrDefault(change.Module) is not { } before)
        {
            return StageChangeResult.Unknown(change.Module);
        }

        if (change.ExpectedVersion is { } expected && expected != basis.Version)
        {
            return new StageChangeResult(StageChangeOutcome.Conflict, before, null,
                $"The plan is at version {basis.Version}, not version {expected} the change was decided on; nothing was written.", []);
        }

        if (change.ExpectedFrom is { } from && from != before.Stage)
        {
            return new StageChangeResult(StageChangeOutcome.Conflict, before, null,
                $"{change.Module} is at {before.Stage.ToPlanName()}, not {from.ToPlanName()} where the change was decided on; nothing was written.", []);
        }

        var reason = change.Reason.Trim();
        var forced = false;
        if (before.PassesThePromotionGate(change.To) && gate.Check(before) is { Passed: false } verdict)
        {
            if (!change.Force)
            {
                return StageChangeResult.Refused(before, verdict.Reason) with
                {
                    Override = "Send \"force\": true to go ahead anyway; the audit trail records it.",
                };
            }

            forced = true;
            reason = $"{reason} [forced past the promotion gate: {verdict.Reason}]";
        }

        if (before.Stage == Stage.Retired && before.Tables.Any && DataOwnership.OwnerAt(change.To) == DataOwner.Legacy)
        {
            return await FromRetiredToTheMonolithAsync(change, before, reason, forced);
        }

        return await MoveAsync(basis, before, change with { Reason = reason }, forced);
    }

    /// <summary>
    /// The monolith's copy stopped following at retirement, while the service kept logging its changes.
    /// So the module first goes back to extracted, where that log drains into the monolith, and then takes
    /// the fenced owner move from there. If the move is refused, the module returns to retired: nothing moved.
    /// </summary>
    private async Task<StageChangeResult> FromRetiredToTheMonolithAsync(StageChange change, ModulePlan before, string reason, bool forced)
    {
        var resume = await MoveAsync(plans.Current, before,
            change with { To = Stage.Extracted, Percent = null, Reason = $"{reason} [step 1 of 2: the monolith's copy follows the service again]" }, forced);
        if (!resume.Applied)
        {
            return resume;
        }

        var basis = plans.Current;
        var moved = await MoveAsync(basis, basis.Plan.Modules[change.Module], change with { Reason = $"{reason} [step 2 of 2: the data owner moves back]" }, forced);
        if (moved.Applied)
        {
            return moved with { Before = before };
        }

        basis = plans.Current;
        var back = await MoveAsync(basis, basis.Plan.Modules[change.Module],
            change with { To = Stage.Retired, Percent = null, Reason = $"{reason} [the owner move was refused, so the module is retired again: {moved.Reason}]" }, forced);
        return moved with { Before = before, After = back.After };
    }

    private async Task<StageChangeResult> MoveAsync(PlanVersion basis, ModulePlan before, StageChange change, bool forced)
    {
        // Durable with the change, before the caller hears "done": no change in force without its entry.
        var write = new StageWrite(change.Module, change.To, change.Percent, after => Entry(change, before, after, change.Reason, forced));
        PlanWrite written;
        if (before.MovesTheDataOwner(change.To))
        {
            var fenced = await fence.MoveOwnerAsync(before, change.To,
                (replicaFence, token) => plans.WriteStageAsync(basis, write with { Fence = replicaFence }, token), CancellationToken.None);
            if (fenced.Written is null)
            {
                var refusal = fenced.Refusal ?? "The owner move was refused.";
                await audit.AppendAsync(Entry(change, before, before, $"{change.Reason} [refused: {refusal}]", forced), CancellationToken.None);
                return StageChangeResult.Refused(before, refusal);
            }

            written = fenced.Written;
        }
        else
        {
            written = await plans.WriteStageAsync(basis, write, CancellationToken.None);
        }

        if (written.Outcome != StageChangeOutcome.Applied)
        {
            return new StageChangeResult(written.Outcome, before, null, written.Reason, written.Errors ?? []);
        }

        var after = plans.Current.Plan.Modules.GetValueOrDefault(change.Module) ?? before;
        return new StageChangeResult(StageChangeOutcome.Applied, before, after, null, []);
    }

    private AuditEntry Entry(StageChange change, ModulePlan before, ModulePlan after, string reason, bool forced) =>
        new(time.GetUtcNow(), change.Actor, change.Module, before.Stage.ToPlanName(), after.Stage.ToPlanName(),
            before.Canary.Percent, after.Canary.Percent, reason, forced);
}
