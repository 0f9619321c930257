namespace StranglerProxy.Plan;

/// <summary>Settings of the proxy (section "Migration").</summary>
public sealed record PlanOptions
{
    public const string SectionName = "Migration";

    /// <summary>The plan file; relative paths are taken from the content root.</summary>
    public string PlanPath { get; init; } = "migration.json";

    /// <summary>The audit log of stage changes; by default next to the plan, as migration.audit.jsonl.</summary>
    public string? AuditPath { get; init; }

    /// <summary>Services that are reachable though not configured under Services: (for example DNS in Kubernetes).</summary>
    public IReadOnlyList<string> KnownServices { get; init; } = [];

    /// <summary>The secret a tester sends in X-Migration-Tester-Secret to choose the target; none disables overrides.</summary>
    public string? TesterSecret { get; init; }

    /// <summary>After an automatic rollback of a module, how long before another one may happen (no flapping).</summary>
    public TimeSpan RollbackCoolDown { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a move of a module's data owner (either direction, whoever asks) may hold the module's writes
    /// while DataSync drains the old owner's log; past it the move is refused and the writes go on to the old owner.
    /// </summary>
    public TimeSpan OwnerFlipFence { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the plan file is checked when no file-system event arrives.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
