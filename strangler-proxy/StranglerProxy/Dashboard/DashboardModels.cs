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
