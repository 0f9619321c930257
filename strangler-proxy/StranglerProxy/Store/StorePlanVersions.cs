using System.Text;
using Plan.Store.PostgreSql;
using StranglerProxy.Plan;

namespace StranglerProxy.Store;

/// <summary>
/// The shared store as the transition engine sees it: the snapshot in force, and a compare-and-swap of one
/// module's stage on the store's version, in one transaction with its audit entry. The result is in force
/// here before the write returns; every other replica hears of it at once through the store's notification.
/// </summary>
internal sealed class StorePlanVersions(PlanStore store, PostgresPlanStore shared) : IPlanVersions
{
    public PlanVersion Current => store.Current.AsVersion();

    public async Task<PlanWrite> WriteStageAsync(PlanVersion basis, StageWrite write, CancellationToken cancellationToken)
    {
        var snapshot = store.Current;
        if (snapshot.Version != basis.Version || snapshot.ContentHash != basis.ContentHash)
        {
            return PlanWrite.Conflict(Changed(basis.Version, snapshot.Version));
        }

        if (PlanEdit.SetStage(snapshot.Content, write.Module, write.Stage, write.Percent) is not { } updated)
        {
            return PlanWrite.UnknownModule;
        }

        var validation = store.Validate(updated);
        if (validation.Plan is null)
        {
            return PlanWrite.Invalid(validation.Errors);
        }

        var hash = PlanEdit.HashOf(Encoding.UTF8.GetBytes(updated));
        var entry = write.Audit(validation.Plan.Modules[write.Module]);
        StoreWrite written;
        try
        {
            written = await shared.WriteAsync(basis.Version, updated, hash, entry.Actor, entry, cancellationToken, write.Fence is { } fence ? Guid.Parse(fence) : null);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or IOException or TimeoutException)
        {
            return PlanWrite.Unwritable($"The plan store cannot be written ({shared.Description}): {ex.Message}; nothing changed.");
        }

        // In force here before the answer: the change we wrote, or after a conflict the version that won.
        if (await shared.ReadAsync(cancellationToken) is { } newest)
        {
            store.Offer(newest);
        }

        return written switch
        {
            { Written: true } => PlanWrite.Written,
            { FenceEnded: true } => new PlanWrite(StageChangeOutcome.Refused,
                "The owner move was given up across the replicas (its fence ended before the plan was written); nothing changed."),
            _ => PlanWrite.Conflict(Changed(basis.Version, written.Version)),
        };
    }

    private static string Changed(int basis, int current) =>
        $"The plan changed meanwhile: the store holds version {current}, and the change was decided on version {basis}; nothing was written over it.";
}
