using Plan.Transitions;

namespace StranglerProxy.Plan;

/// <summary>
/// The plan file as the transition engine sees it: the snapshot in force, and a compare-and-swap write of
/// one module's stage (and canary percent) against the version a change was decided on. The result is
/// validated like any plan, replaced atomically, and in force before the write returns.
/// </summary>
internal sealed class PlanWriter(PlanStore store) : IPlanVersions
{
    public PlanVersion Current
    {
        get
        {
            var snapshot = store.Current;
            return new PlanVersion(snapshot.Plan, snapshot.ContentHash);
        }
    }

    public async Task<PlanWrite> WriteStageAsync(PlanVersion basis, string module, Stage stage, double? percent, CancellationToken cancellationToken)
    {
        var (write, _) = await PlanFileStage.SetAsync(store.FilePath, basis, store.Validate, module, stage, percent, cancellationToken);
        // In force before the answer (a write of ours), or, after a conflict, the edit that won.
        store.Reload(force: true);
        return write;
    }
}
