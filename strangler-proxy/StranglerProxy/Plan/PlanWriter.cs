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
            // The change was decided on the plan in force: edit that text, or nothing (an edit made since, a save in progress).
            var bytes = await File.ReadAllBytesAsync(store.FilePath, cancellationToken);
            if (PlanEdit.HashOf(bytes) != basis.ContentHash)
            {
                store.Reload(force: true);
                return PlanWrite.Conflict(PlanEdit.ChangedSinceRead(store.FilePath));
            }

            if (PlanEdit.SetStage(System.Text.Encoding.UTF8.GetString(bytes), module, stage, percent) is not { } updated)
            {
                return PlanWrite.UnknownModule;
            }

            var validation = store.Validate(updated);
            if (validation.Plan is null)
            {
                return PlanWrite.Invalid(validation.Errors);
            }

            // Still that plan when it is replaced: compare-and-swap.
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
