using System.Text;

namespace Plan.Transitions;

/// <summary>
/// The one way a module's stage is written into a plan file, for every writer of one (the proxy, the CLI):
/// edit the text the change was decided on (or nothing, if the file changed since), validate the result
/// like any plan, compare-and-swap it in, and append its audit entry (durable before this returns).
/// </summary>
public static class PlanFileStage
{
    /// <returns>The write's result, and the plan written when it succeeded.</returns>
    public static async Task<(PlanWrite Write, PlanVersion? Written)> SetAsync(
        string path, PlanVersion basis, Func<string, PlanParseResult> validate, StageWrite write, IAuditTrail audit, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            if (PlanEdit.HashOf(bytes) != basis.ContentHash)
            {
                return (PlanWrite.Conflict(PlanEdit.ChangedSinceRead(path)), null);
            }

            if (PlanEdit.SetStage(Encoding.UTF8.GetString(bytes), write.Module, write.Stage, write.Percent) is not { } updated)
            {
                return (PlanWrite.UnknownModule, null);
            }

            var validation = validate(updated);
            if (validation.Plan is null)
            {
                return (PlanWrite.Invalid(validation.Errors), null);
            }

            if (await PlanEdit.ReplaceIfUnchangedAsync(path, basis.ContentHash, updated, cancellationToken) is { } conflict)
            {
                return (PlanWrite.Conflict(conflict), null);
            }

            // A file and its audit trail cannot share a transaction: the entry follows the write at once, before any answer.
            await audit.AppendAsync(write.Audit(validation.Plan.Modules[write.Module]), CancellationToken.None);
            return (PlanWrite.Written, new PlanVersion(validation.Plan, PlanEdit.HashOf(Encoding.UTF8.GetBytes(updated))));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only plan, typically a Kubernetes ConfigMap: the change belongs there, not here.
            return (PlanWrite.Unwritable(
                $"The plan file {path} cannot be written here ({ex.Message}). Where the plan is mounted read-only, as from a Kubernetes ConfigMap, change it at its source (kubectl apply) and every proxy follows."), null);
        }
    }
}
