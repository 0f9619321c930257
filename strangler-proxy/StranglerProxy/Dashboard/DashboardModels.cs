using StranglerProxy.Admin;
using StranglerProxy.Shadow;

namespace StranglerProxy.Dashboard;

/// <summary>
/// Everything the dashboard shows, in one answer per refresh. <see cref="CouplingReportWritten"/> is when
/// the coupling report was last written (null: none yet), so the page fetches it again only when it changed.
/// </summary>
internal sealed record DashboardResponse(string PlanFile, int PlanVersion, DateTime? CouplingReportWritten, IReadOnlyList<DashboardModule> Modules)
{
    /// <summary>Every proxy replica sharing the plan store; null with a plan file.</summary>
    public IReadOnlyList<ReplicaStatus>? Replicas { get; init; }

    /// <summary>
    /// Whether the caller may change stages from here: it gave an admin token, on the management port (where
    /// the admin API answers). A public, read-only dashboard says false, and the page shows no change forms.
    /// </summary>
    public bool CanChange { get; init; }

    /// <summary>Whether an admin token means anything here (the management port); on the public port the page offers no sign-in.</summary>
    public bool SignInHere { get; init; }
}

/// <summary>
/// One module: its stage, the requests each side served and those that failed (counters since the proxy
/// started; the page turns two refreshes into rates), shadowing, its DataSync and its last stage changes.
/// </summary>
internal sealed record DashboardModule(
    string Name, string Stage, double Percent, string Service,
    long ServedByLegacy, long ServedByService, long Failed,
    DashboardShadow? Shadow, DashboardSync Sync, IReadOnlyList<AuditEntry> History);

internal sealed record DashboardShadow(long Compared, long Mismatched, double MismatchRate, GateDecision Promotion, IReadOnlyList<MismatchRecord> Recent);

internal sealed record DashboardSync(int? PendingChanges, string? Direction, bool BackfillComplete, string? Error);

/// <summary>
/// The charts' data: every module's points in columns (one array per series, as a chart library takes them;
/// times in Unix milliseconds) and the stage changes to mark on the time axis, up to <see cref="Through"/>
/// (the last complete sample: the <c>since</c> of the next request). The proxy keeps <see cref="Points"/> per module.
/// </summary>
internal sealed record DashboardHistory(double IntervalSeconds, int Points, long Through, IReadOnlyList<ModuleHistory> Modules, IReadOnlyList<StageMarker> Markers);

internal sealed record ModuleHistory(
    string Name, long[] At, int[] Legacy, int[] Service, int[] Failed, int[] Fallbacks, int[] Compared, int[] Mismatched, int?[] SyncLag, string[] Stage);

/// <summary>A module's stage (or canary share) changed at <see cref="At"/> (Unix milliseconds), as this proxy saw it.</summary>
internal sealed record StageMarker(long At, string Module, string From, string To, double? Percent);
