namespace Plan;

/// <summary>Why a plan was rejected: the file, the JSON path of the offending value and the reason.</summary>
public sealed record PlanError(string File, string Path, string Reason)
{
    /// <summary>The <see cref="File"/> of an error in the settings around the plan (where it lives, how to reach it) rather than in the plan.</summary>
    public const string Configuration = "configuration";

    public override string ToString() => $"{File}: {Path}: {Reason}";
}
