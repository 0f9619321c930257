using Microsoft.Extensions.Options;
using Plan.Store.PostgreSql;
using Plan.Transitions;
using StranglerProxy.Plan;

namespace StranglerProxy.Admin;

/// <summary>
/// The proxy's audit trail: the shared store's audit table when the plan lives there (an applied change's
/// entry is written in the change's own transaction, see <see cref="IPlanVersions"/>), otherwise
/// <see cref="AuditFile"/> at Migration:AuditPath, or beside the plan.
/// </summary>
internal sealed class AuditLog(IOptions<PlanOptions> options, PlanStore store, PostgresPlanStore? shared = null) : IAuditTrail
{
    private readonly AuditFile _file = new(options.Value.AuditPath is { Length: > 0 } configured
        ? Path.GetFullPath(configured, Path.GetDirectoryName(store.FilePath)!)
        : AuditFile.BesidePlan(store.FilePath));

    public string FilePath => _file.FilePath;

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        shared is null ? _file.AppendAsync(entry, cancellationToken) : shared.AppendAuditAsync(entry, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(string? module, CancellationToken cancellationToken) =>
        shared is null ? _file.ReadAsync(module, cancellationToken) : shared.ReadAuditAsync(module, cancellationToken);
}
