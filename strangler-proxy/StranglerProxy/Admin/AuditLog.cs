using Microsoft.Extensions.Options;
using Plan.Transitions;
using StranglerProxy.Plan;

namespace StranglerProxy.Admin;

/// <summary>The proxy's audit trail: <see cref="AuditFile"/> at Migration:AuditPath, or beside the plan.</summary>
internal sealed class AuditLog(IOptions<PlanOptions> options, PlanStore store) : IAuditTrail
{
    private readonly AuditFile _file = new(options.Value.AuditPath is { Length: > 0 } configured
        ? Path.GetFullPath(configured, Path.GetDirectoryName(store.FilePath)!)
        : AuditFile.BesidePlan(store.FilePath));

    public string FilePath => _file.FilePath;

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken) => _file.AppendAsync(entry, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(string? module, CancellationToken cancellationToken) => _file.ReadAsync(module, cancellationToken);
}
