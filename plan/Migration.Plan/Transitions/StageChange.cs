namespace Plan.Transitions;

/// <summary>
/// A request to move a module to a stage (and canary share). <see cref="Actor"/> is who asks, taken from
/// their credential (a named admin token, the CLI's user, the proxy itself), never from the request body.
/// <see cref="Force"/> goes past the promotion gate, and the audit trail says so; it never skips the fence.
/// </summary>
public sealed record StageChange(string Module, Stage To, double? Percent, string Reason, string Actor, bool Force = false)
{
    /// <summary>When set, the change applies only to this version of the plan (what the asker saw); otherwise it is a conflict.</summary>
    public int? ExpectedVersion { get; init; }

    /// <summary>When set, the change applies only while the module is at this stage (what the asker decided on); otherwise it is a conflict.</summary>
    public Stage? ExpectedFrom { get; init; }
}
