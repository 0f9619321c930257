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
        try
        {
            var text = await File.ReadAllTextAsync(store.FilePath, cancellationToken);
            if (PlanEdit.SetStage(text, module, stage, percent) is not { } updated)
            {
                return PlanWrite.UnknownModule;
            }

            var validation = store.Validate(updated);
            if (validation.Plan is null)
            {
                return PlanWrite.Invalid(validation.Errors);
            }

            // The change was decided on the plan in force: the file must still be that plan, not an edit made since.
            if (await PlanEdit.ReplaceIfUnchangedAsync(store.FilePath, basis.ContentHash, updated, cancellationToken) is { } conflict)
            {
                store.Reload(force: true);
                return PlanWrite.Conflict(conflict);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only plan, typically a Kubernetes ConfigMap: the change belongs there, not here.
            return PlanWrite.Unwritable(
                $"The plan file {store.FilePath} cannot be written here ({ex.Message}). Where the plan is mounted read-only, as from a Kubernetes ConfigMap, change it at its source (kubectl apply) and every proxy follows.");
        }

        store.Reload(force: true);
        return PlanWrite.Written;
    }
}
