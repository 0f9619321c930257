namespace Plan.Transitions;

/// <summary>
/// Moves a module's data owner safely: holds the module's writes, waits until the current owner's change
/// log has drained into the other side, runs the plan write, then releases the writes to the new owner.
/// </summary>
public interface IOwnerFence
{
    /// <returns>The write's result; or, with nothing written, why the fence could not drain in time.</returns>
    Task<FenceResult> MoveOwnerAsync(ModulePlan module, Stage to, Func<CancellationToken, Task<PlanWrite>> write, CancellationToken cancellationToken);
}

/// <summary>The plan write made inside the fence, or why the fence refused (nothing was written then).</summary>
public sealed record FenceResult(PlanWrite? Written, string? Refusal)
{
    public static FenceResult Refused(string reason) => new(null, reason);
}
