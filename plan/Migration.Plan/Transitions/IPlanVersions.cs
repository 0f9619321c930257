namespace Plan.Transitions;

/// <summary>A plan as read, with the hash of its text: what a change was decided on, and what a write compares against.</summary>
public sealed record PlanVersion(MigrationPlan Plan, string ContentHash);

/// <summary>
/// Where the plan lives (a file; later a store shared by replicas): the version in force, and a
/// compare-and-swap write of one module's stage against the version the change was decided on.
/// </summary>
public interface IPlanVersions
{
    PlanVersion Current { get; }

    /// <summary>Writes the module's stage if the plan is still <paramref name="basis"/>, and puts the result in force before returning.</summary>
    Task<PlanWrite> WriteStageAsync(PlanVersion basis, string module, Stage stage, double? percent, CancellationToken cancellationToken);
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
