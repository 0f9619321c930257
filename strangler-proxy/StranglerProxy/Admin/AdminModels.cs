namespace StranglerProxy.Admin;

internal sealed record StatusResponse(PlanInfo Plan, RejectionInfo? Rejected, IReadOnlyList<ModuleStatus> Modules, RequestCountsResponse Unclaimed);

internal sealed record PlanInfo(string File, int Version, DateTimeOffset LoadedAt, string LegacyService);

internal sealed record RejectionInfo(DateTimeOffset At, IReadOnlyList<PlanError> Errors);

internal sealed record ModuleStatus(
    string Name, string Stage, double Percent, string StickyBy, string Service, IReadOnlyList<string> Routes,
    RequestCountsResponse Requests, IReadOnlyList<DestinationStatus> Destinations);

internal sealed record RequestCountsResponse(long Legacy, long Extracted);

internal sealed record DestinationStatus(string Cluster, string Destination, string Address, string Active, string Passive);

internal sealed record ChangeStageRequest(string? Stage, double? Percent, string? Reason, string? Actor);
