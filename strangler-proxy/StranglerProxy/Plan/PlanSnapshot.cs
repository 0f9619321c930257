namespace StranglerProxy.Plan;

/// <summary>
/// The plan in force, with where and when it was read. Replaced as a whole, never changed. <see cref="File"/>
/// names where it came from (the plan file, or the shared store); <see cref="Version"/> counts this process's
/// loads of a file, or is the store's own version number, the same on every replica.
/// </summary>
public sealed record PlanSnapshot(MigrationPlan Plan, string File, int Version, DateTimeOffset LoadedAt, string ContentHash)
{
    /// <summary>The plan's text, which a change in the store edits.</summary>
    public string Content { get; init; } = "";

    /// <summary>The snapshot as the transition engine decides on it, and a write compares against.</summary>
    public PlanVersion AsVersion() => new(Plan, ContentHash, Version);
}

/// <summary>The last plan that was rejected, while the previous one kept serving.</summary>
public sealed record PlanRejection(IReadOnlyList<PlanError> Errors, DateTimeOffset At, string ContentHash);
