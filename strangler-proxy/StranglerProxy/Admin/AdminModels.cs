using StranglerProxy.Shadow;

namespace StranglerProxy.Admin;

internal sealed record StatusResponse(PlanInfo Plan, RejectionInfo? Rejected, IReadOnlyList<ModuleStatus> Modules, RequestCountsResponse Unclaimed);

internal sealed record PlanInfo(string File, int Version, DateTimeOffset LoadedAt, string LegacyService);

internal sealed record RejectionInfo(DateTimeOffset At, IReadOnlyList<PlanError> Errors);

internal sealed record ModuleStatus(
    string Name, string Stage, double Percent, string StickyBy, string Service, IReadOnlyList<string> Routes,
    RequestCountsResponse Requests, IReadOnlyList<DestinationStatus> Destinations, ShadowSummary? Shadow)
{
    /// <summary>Set while an automatic rollback moved the module's reads only: why its writes are refused (503).</summary>
    public string? WritesRefused { get; init; }
}

/// <summary>Shadowing in numbers (the full report with differences is at /modules/{module}/shadow).</summary>
internal sealed record ShadowSummary(long Compared, long Matched, long Mismatched, long Errors, long Dropped, double MismatchRate, GateDecision Promotion);

internal sealed record RequestCountsResponse(long Legacy, long Extracted);

internal sealed record DestinationStatus(string Cluster, string Destination, string Address, string Active, string Passive);

/// <summary>
/// A stage change; <see cref="Force"/> goes past the promotion gate, and the audit trail says so. Who asks is
/// the name of the admin token presented, so the body has no say in it.
/// </summary>
internal sealed record ChangeStageRequest(string? Stage, double? Percent, string? Reason, bool Force = false);
