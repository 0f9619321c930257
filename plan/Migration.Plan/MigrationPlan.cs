using System.Collections.Frozen;

namespace Plan;

/// <summary>An immutable, validated migration plan: the modules of the estate, their code, data and stage.</summary>
public sealed record MigrationPlan(LegacyPlan Legacy, FrozenDictionary<string, ModulePlan> Modules)
{
    /// <summary>
    /// The shared kernel(s) and the host: code of the monolith that is analysed and checked but never
    /// extracted, so it has no routes, service or stage. Kept apart from <see cref="Modules"/>, which only
    /// holds what the front door routes.
    /// </summary>
    public FrozenDictionary<string, SupportingModulePlan> Supporting { get; init; } = FrozenDictionary<string, SupportingModulePlan>.Empty;
}

/// <summary>A module in the role of shared kernel or host (see <see cref="ModuleRole"/>).</summary>
public sealed record SupportingModulePlan(string Name, ModuleRole Role, IReadOnlyList<string> Implementation);

/// <summary>The monolith: its service-discovery name and the names of its assemblies (* wildcard).</summary>
public sealed record LegacyPlan(string Service, IReadOnlyList<string> Assemblies);

public sealed record ModulePlan(
    string Name,
    IReadOnlyList<string> Routes,
    string Service,
    Stage Stage,
    CanaryPlan Canary)
{
    /// <summary>Assembly name patterns (* wildcard) of the module's implementation.</summary>
    public IReadOnlyList<string> Implementation { get; init; } = [];

    /// <summary>Assembly name patterns of the module's contracts: the only part other deployables may use.</summary>
    public IReadOnlyList<string> Contracts { get; init; } = [];

    /// <summary>The tables the module owns.</summary>
    public TablesPlan Tables { get; init; } = TablesPlan.None;

    /// <summary>When the proxy takes the module back a stage on its own (canary and extracted).</summary>
    public RollbackPlan Rollback { get; init; } = RollbackPlan.Default;

    /// <summary>What is mirrored and compared while the module is in shadow, and what promotion asks of it.</summary>
    public ShadowPlan Shadow { get; init; } = ShadowPlan.Default;
}

/// <summary>
/// Automatic rollback: when more than <see cref="MaxErrorRate"/> of the extracted side's answers (5xx and
/// transport failures) over the last <see cref="Window"/> failed, with at least <see cref="MinRequests"/>.
/// </summary>
public sealed record RollbackPlan(double MaxErrorRate, TimeSpan Window, int MinRequests)
{
    public static RollbackPlan Default { get; } = new(0.05, TimeSpan.FromMinutes(1), 50);
}

/// <summary>The canary share: a percent (0 to 100, fractions allowed) of sticky keys.</summary>
public sealed record CanaryPlan(double Percent, StickyKey StickyBy)
{
    public static CanaryPlan None { get; } = new(0, StickyKey.Default);
}

/// <summary>A module's tables: a schema, a table-name prefix (where schemas are unavailable), or names.</summary>
public sealed record TablesPlan(string? Schema, string? Prefix, IReadOnlyList<string> Names)
{
    public static TablesPlan None { get; } = new(null, null, []);

    /// <summary>Whether the module owns any data at all.</summary>
    public bool Any => Schema is not null || Prefix is not null || Names.Count > 0;
}
