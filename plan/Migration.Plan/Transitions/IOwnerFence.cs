namespace Plan.Transitions;

/// <summary>
/// Moves a module's data owner safely: holds the module's writes, waits until the current owner's change
/// log has drained into the other side, runs the plan write, then releases the writes to the new owner.
/// </summary>
public interface IOwnerFence
{
    /// <param name="write">Writes the plan; it is given the fence across replicas it ends (null with one proxy), see <see cref="StageWrite.Fence"/>.</param>
    /// <returns>The write's result; or, with nothing written, why the fence could not drain in time.</returns>
    Task<FenceResult> MoveOwnerAsync(ModulePlan module, Stage to, Func<string?, CancellationToken, Task<PlanWrite>> write, CancellationToken cancellationToken);
}

/// <summary>The plan write made inside the fence, or why the fence refused (nothing was written then).</summary>
public sealed record FenceResult(PlanWrite? Written, string? Refusal)
{
    public static FenceResult Refused(string reason) => new(null, reason);
}
