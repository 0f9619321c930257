namespace Plan.Transitions;

/// <summary>
/// The gate and the fence where no proxy takes part (a plan file changed from the command line): there are
/// no shadow comparisons to judge a promotion by, and no writes to hold, so a promotion needs force and a
/// move of the data owner is refused outright: it would hand writes to an owner that may miss some.
/// </summary>
public sealed class WithoutAProxy : IPromotionGate, IOwnerFence
{
    public GateDecision Check(ModulePlan module) =>
        new(false, "The promotion gate needs the proxy's shadow comparisons: use --proxy, or --force to edit the plan without it.");

    public Task<FenceResult> MoveOwnerAsync(ModulePlan module, Stage to, Func<string?, CancellationToken, Task<PlanWrite>> write, CancellationToken cancellationToken) =>
        Task.FromResult(FenceResult.Refused(
            $"Moving the data owner of {module.Name} ({module.Stage.ToPlanName()} -> {to.ToPlanName()}) must be fenced by the proxy, which holds the module's writes until DataSync has drained: use --proxy."));
}
