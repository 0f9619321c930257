namespace Migration.Architecture;

/// <summary>
/// One rule of the gate: a stable id (the key of its known violations), what it demands, and how to find
/// the types that break it. Evaluated lazily, so listing the rules costs nothing.
/// </summary>
public sealed record ArchitectureRule(string Id, string Demand, Func<IReadOnlyList<string>> FindViolations)
{
    public override string ToString() => Id;
}
