namespace StranglerProxy.Plan;

/// <summary>
/// Changes a module's stage in the plan file: edits only that module's "stage" (and canary percent),
/// validates the result like any other plan, replaces the file atomically and puts it in force.
/// </summary>
internal sealed class PlanWriter(PlanStore store)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<PlanWriteResult> SetStageAsync(string module, Stage stage, double? percent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var text = await File.ReadAllTextAsync(store.FilePath, cancellationToken);
            if (PlanEdit.SetStage(text, module, stage, percent) is not { } updated)
            {
                return PlanWriteResult.UnknownModule;
            }

            var validation = store.Validate(updated);
            if (validation.Plan is null)
            {
                return new PlanWriteResult(false, validation.Errors);
            }

            try
            {
                await PlanEdit.WriteAtomicallyAsync(store.FilePath, updated, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A read-only plan, typically a Kubernetes ConfigMap: the change belongs there, not here.
                return PlanWriteResult.Unwritable(
                    $"The plan file {store.FilePath} cannot be written here ({ex.Message}). Where the plan is mounted read-only, as from a Kubernetes ConfigMap, change it at its source (kubectl apply) and every proxy follows.");
            }

            store.Reload(force: true);
            return PlanWriteResult.Written;
        }
        finally
        {
            _gate.Release();
        }
    }
}

internal sealed record PlanWriteResult(bool Succeeded, IReadOnlyList<PlanError> Errors, bool ModuleMissing = false, string? WriteFailure = null)
{
    public static PlanWriteResult Written { get; } = new(true, []);

    public static PlanWriteResult UnknownModule { get; } = new(false, [], ModuleMissing: true);

    /// <summary>The change was valid but the file could not be replaced; nothing changed.</summary>
    public static PlanWriteResult Unwritable(string reason) => new(false, [], WriteFailure: reason);
}
