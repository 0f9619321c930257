namespace Plan.Transitions;

/// <summary>
/// A plan as read, with the hash of its text (and, in a shared store, its version number): what a change was
/// decided on, and what a write compares against.
/// </summary>
public sealed record PlanVersion(MigrationPlan Plan, string ContentHash, int Version = 0);

/// <summary>
/// One module's stage (and canary share) to write, and the audit entry that records it, made from the module
/// as written: the writer makes the entry durable with the change (in the same transaction, where the plan
/// lives in a store), so no change is ever in force without its entry.
/// </summary>
public sealed record StageWrite(string Module, Stage Stage, double? Percent, Func<ModulePlan, AuditEntry> Audit)
{
    /// <summary>
    /// The fence across proxy replicas this write ends (an owner move with a shared store): the write happens
    /// only while that fence is still open, so a move that was given up everywhere can never also be written.
    /// </summary>
    public string? Fence { get; init; }
}

/// <summary>
/// Where the plan lives (a file, or a store shared by replicas): the version in force, and a
/// compare-and-swap write of one module's stage, with its audit entry, against the version the change was decided on.
/// </summary>
public interface IPlanVersions
{
    PlanVersion Current { get; }

    /// <summary>Writes the module's stage and its audit entry if the plan is still <paramref name="basis"/>, and puts the result in force before returning.</summary>
    Task<PlanWrite> WriteStageAsync(PlanVersion basis, StageWrite write, CancellationToken cancellationToken);
}

/// <summary>The result of a plan write: written (and in force), or why not.</summary>
public sealed record PlanWrite(StageChangeOutcome Outcome, string? Reason = null, IReadOnlyList<PlanError>? Errors = null)
{
    public static PlanWrite Written { get; } = new(StageChangeOutcome.Applied);

    public static PlanWrite UnknownModule { get; } = new(StageChangeOutcome.UnknownModule);

    public static PlanWrite Invalid(IReadOnlyList<PlanError> errors) => new(StageChangeOutcome.Invalid, "The plan would be invalid after this change; nothing was written.", errors);

    public static PlanWrite Conflict(string reason) => new(StageChangeOutcome.Conflict, reason);

    public static PlanWrite Unwritable(string reason) => new(StageChangeOutcome.Unwritable, reason);
}
