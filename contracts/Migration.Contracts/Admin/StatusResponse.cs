using Plan;
using Plan.Transitions;

namespace Contracts.Admin;

/// <summary>Where every module stands (GET <see cref="AdminPaths.Status"/>), and the plan in force.</summary>
public sealed record StatusResponse(PlanInfo Plan, RejectionInfo? Rejected, IReadOnlyList<ModuleStatus> Modules, RequestCountsResponse Unclaimed)
{
    /// <summary>Every proxy replica sharing the plan store, live or lately gone; null with a plan file, where replicas share nothing.</summary>
    public IReadOnlyList<ReplicaStatus>? Replicas { get; init; }
}

/// <summary>
/// The plan in force: <see cref="File"/> names where it comes from (the plan file, or the shared store);
/// <see cref="FileDiffers"/> is set when a shared store serves and the plan file differs from what it was
/// seeded from (the file is not applied over the store).
/// </summary>
public sealed record PlanInfo(string File, int Version, DateTimeOffset LoadedAt, string LegacyService)
{
    public string? FileDiffers { get; init; }
}

/// <summary>The newest edit of the plan, rejected while the previous plan keeps serving.</summary>
public sealed record RejectionInfo(DateTimeOffset At, IReadOnlyList<PlanError> Errors);

/// <summary>One module: its stage, traffic, destinations and shadowing; also the answer to a stage change.</summary>
public sealed record ModuleStatus(
    string Name, string Stage, double Percent, string StickyBy, string Service, IReadOnlyList<string> Routes,
    RequestCountsResponse Requests, IReadOnlyList<DestinationStatus> Destinations, ShadowSummary? Shadow)
{
    /// <summary>Set while an automatic rollback moved the module's reads only: why its writes are refused (503).</summary>
    public string? WritesRefused { get; init; }
}

/// <summary>Shadowing in numbers (the full report with differences is at <see cref="AdminPaths.ModuleShadow"/>).</summary>
public sealed record ShadowSummary(long Compared, long Matched, long Mismatched, long Errors, long Dropped, double MismatchRate, GateDecision Promotion);

public sealed record RequestCountsResponse(long Legacy, long Extracted);

public sealed record DestinationStatus(string Cluster, string Destination, string Address, string Active, string Passive);

/// <summary>
/// A proxy replica sharing the plan store: the plan version it serves, and whether its lease is live (a
/// replica whose lease ran out is not waited for, and refuses writes itself until it renews).
/// </summary>
public sealed record ReplicaStatus(string Id, string Address, int PlanVersion, DateTimeOffset StartedAt, DateTimeOffset RenewedAt, bool Live, bool Self);
