using System.Collections.Frozen;

namespace StranglerProxy.Plan;

/// <summary>An immutable, validated migration plan: who serves each module.</summary>
public sealed record MigrationPlan(LegacyPlan Legacy, FrozenDictionary<string, ModulePlan> Modules);

public sealed record LegacyPlan(string Service);

public sealed record ModulePlan(
    string Name,
    IReadOnlyList<string> Routes,
    string Service,
    Stage Stage,
    CanaryPlan Canary);

/// <summary>The canary share: a percent (0 to 100, fractions allowed) of sticky keys.</summary>
public sealed record CanaryPlan(double Percent, StickyKey StickyBy)
{
    public static CanaryPlan None { get; } = new(0, StickyKey.Default);
}
