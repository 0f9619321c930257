namespace StranglerProxy.Plan;

/// <summary>
/// A module whose stage, or share as a canary, differs between two plans in force, one after the other: what
/// the metrics count as a flip (the stage) and the dashboard marks on its charts (both).
/// </summary>
internal sealed record StageShift(string Module, Stage From, Stage To, double FromPercent, double ToPercent)
{
    public bool StageChanged => From != To;

    /// <summary>The modules of <paramref name="after"/> that were in <paramref name="before"/> at another stage or share.</summary>
    public static IEnumerable<StageShift> Between(MigrationPlan before, MigrationPlan after)
    {
        foreach (var module in after.Modules.Values)
        {
            // A share edited outside the canary changes no routing: only a canary's share is a step.
            if (before.Modules.TryGetValue(module.Name, out var was)
                && (was.Stage != module.Stage || (module.Stage == Stage.Canary && was.Canary.Percent != module.Canary.Percent)))
            {
                yield return new StageShift(module.Name, was.Stage, module.Stage, was.Canary.Percent, module.Canary.Percent);
            }
        }
    }
}
