namespace Plan;

/// <summary>A plan that cannot be used: every problem with its file, JSON path and reason.</summary>
public sealed class InvalidPlanException(IReadOnlyList<PlanError> errors)
    : Exception((errors.Count > 0 && errors.All(e => e.File == PlanError.Configuration) ? "The migration plan's settings cannot serve:" : "The migration plan is invalid:")
        + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<PlanError> Errors { get; } = errors;
}
