namespace Contracts.Admin;

/// <summary>
/// A stage change (PUT <see cref="AdminPaths.ModuleStage"/>); <see cref="Force"/> goes past the promotion gate, and
/// the audit trail says so. Who asks is the name of the admin token presented, so the body has no say in it.
/// With <see cref="ExpectedVersion"/> (the plan version the caller saw in the status), the change applies only
/// if the plan is still at that version; otherwise 409 with the current version, and nothing changes.
/// </summary>
public sealed record ChangeStageRequest(string? Stage, double? Percent, string? Reason, bool Force = false, int? ExpectedVersion = null);
