namespace StranglerProxy.Plan;

/// <summary>The plan in force, with where and when it was read. Replaced as a whole, never changed.</summary>
public sealed record PlanSnapshot(MigrationPlan Plan, string File, int Version, DateTimeOffset LoadedAt, string ContentHash);

/// <summary>The last plan that was rejected, while the previous one kept serving.</summary>
public sealed record PlanRejection(IReadOnlyList<PlanError> Errors, DateTimeOffset At, string ContentHash);
