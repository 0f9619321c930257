namespace Plan.Transitions;

/// <summary>The promotion gate's verdict, in words an operator can act on.</summary>
public sealed record GateDecision(bool Passed, string Reason);

/// <summary>Whether a module has shown enough evidence (shadow comparisons) to serve readers from its service.</summary>
public interface IPromotionGate
{
    GateDecision Check(ModulePlan module);
}
