namespace Plan;

/// <summary>Why a plan was rejected: the file, the JSON path of the offending value and the reason.</summary>
public sealed record PlanError(string File, string Path, string Reason)
{
    public override string ToString() => $"{File}: {Path}: {Reason}";
}
