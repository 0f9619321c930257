using System.Text;

namespace Plan.Transitions;

/// <summary>
/// The one way a module's stage is written into a plan file, for every writer of one (the proxy, the CLI):
/// edit the text the change was decided on (or nothing, if the file changed since), validate the result
/// like any plan, and compare-and-swap it in.
/// </summary>
public static class PlanFileStage
{
    /// <returns>The write's result, and the plan written when it succeeded.</returns>
    public static async Task<(PlanWrite Write, PlanVersion? Written)> SetAsync(
        string path, PlanVersion basis, Func<string, PlanParseResult> validate, string module, Stage stage, double? percent, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            if (PlanEdit.HashOf(bytes) != basis.ContentHash)
            {
                return (PlanWrite.Conflict(PlanEdit.ChangedSinceRead(path)), null);
            }

            if (PlanEdit.SetStage(Encoding.UTF8.GetString(bytes), module, stage, percent) is not { } updated)
            {
                return (PlanWrite.UnknownModule, null);
            }

            var validation = validate(updated);
            if (validation.Plan is null)
            {
                return (PlanWrite.Invalid(validation.Errors), null);
            }

            return await PlanEdit.ReplaceIfUnchangedAsync(path, basis.ContentHash, updated, cancellationToken) is { } conflict
                ? (PlanWrite.Conflict(conflict), null)
                : (PlanWrite.Written, new PlanVersion(validation.Plan, PlanEdit.HashOf(Encoding.UTF8.GetBytes(updated))));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only plan, typically a Kubernetes ConfigMap: the change belongs there, not here.
            return (PlanWrite.Unwritable(
                $"The plan file {path} cannot be written here ({ex.Message}). Where the plan is mounted read-only, as from a Kubernetes ConfigMap, change it at its source (kubectl apply) and every proxy follows."), null);
        }
    }
}
