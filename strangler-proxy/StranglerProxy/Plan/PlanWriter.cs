using Plan.Transitions;
using StranglerProxy.Admin;

namespace StranglerProxy.Plan;

/// <summary>
/// The plan file as the transition engine sees it: the snapshot in force, and a compare-and-swap write of
/// one module's stage (and canary percent), with its audit entry, against the version a change was decided on. The result is
/// validated like any plan, replaced atomically, and in force before the write returns.
/// </summary>
internal sealed class PlanWriter(PlanStore store, AuditLog audit) : IPlanVersions
{
    public PlanVersion Current => store.Current.AsVersion();

    public async Task<PlanWrite> WriteStageAsync(PlanVersion basis, StageWrite write, CancellationToken cancellationToken)
    {
        var (result, _) = await PlanFileStage.SetAsync(store.FilePath, basis, store.Validate, write, audit, cancellationToken);
        // In force before the answer (a write of ours), or, after a conflict, the edit that won.
        store.Reload(force: true);
        return result;
    }
}
