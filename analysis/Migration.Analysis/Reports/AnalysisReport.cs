namespace Migration.Analysis.Reports;

/// <summary>
/// The result of one analysis, in a stable order so that two reports diff cleanly. The JSON form is
/// versioned by <see cref="FormatVersion"/>; a change to its shape raises it.
/// </summary>
public sealed record AnalysisReport(
    int FormatVersion,
    string Scenario,
    IReadOnlyList<string> Assemblies,
    IReadOnlyList<ModuleReport> Modules,
    IReadOnlyList<EdgeReport> Edges,
    IReadOnlyList<CycleReport> Cycles,
    IReadOnlyList<TableReport> Tables,
    IReadOnlyList<Blocker> Blockers,
    IReadOnlyList<ReadinessEntry> Readiness,
    IReadOnlyList<string> Warnings)
{
    public const int CurrentFormatVersion = 3;

    /// <summary>Assemblies outside the analysed modules that they use (frameworks, libraries, code in no module).</summary>
    public IReadOnlyList<Graph.ExternalDependency> External { get; init; } = [];
}

/// <summary>
/// One module: its size, Robert C. Martin's package metrics counted in types (Ca: types elsewhere that
/// use it; Ce: types elsewhere it uses; I = Ce / (Ca + Ce); A = abstract types / types; D = |A + I - 1|),
/// and how other modules reach it.
/// </summary>
public sealed record ModuleReport(
    string Name,
    string Role,
    string Stage,
    string Deployable,
    int Types,
    int AbstractTypes,
    int Afferent,
    int Efferent,
    double Instability,
    double Abstractness,
    double Distance,
    int IncomingIntoContracts,
    int IncomingIntoImplementation,
    IReadOnlyList<string> OwnedTables);

/// <summary>
/// One module using another (the host's uses are <see cref="EdgeReport.Wiring"/>): distinct type pairs, all uses, whether the edge leaves its deployable, and
/// every type pair that reaches into the other module's implementation (the boundary violations).
/// </summary>
public sealed record EdgeReport(
    string From,
    string To,
    int TypeReferences,
    int Uses,
    int IntoContracts,
    int IntoImplementation,
    bool CrossesDeployables,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string> ImplementationReferences)
{
    /// <summary>The host's registrations of a module: wiring that leaves with the module, never a blocker.</summary>
    public bool Wiring { get; init; }
}

public sealed record CycleReport(IReadOnlyList<string> Modules, IReadOnlyList<string> Edges, bool CrossesDeployables);

/// <summary>A table, the module that owns it (by the plan, else the only module mapping it), and every use.</summary>
public sealed record TableReport(string Table, string? Owner, IReadOnlyList<TableUseReport> UsedBy);

public sealed record TableUseReport(string Module, string Kind, string Where);

/// <summary>What stops modules living in different deployables: the kind, the modules and the evidence.</summary>
public sealed record Blocker(string Kind, string From, string To, string Detail, IReadOnlyList<string> Examples)
{
    public const string ImplementationReference = "implementation-reference";
    public const string ForeignTable = "foreign-table";
    public const string Cycle = "cycle";

    /// <summary>Identifies the blocker across reports (for diffs and the gate).</summary>
    public string Key => $"{Kind}: {From} -> {To}";
}

/// <summary>
/// How ready a module still in the monolith is to leave it: fewer blockers, then fewer crossing
/// references, first. <see cref="BlockedBy"/> names what stands in the way, with the exact types and tables.
/// </summary>
public sealed record ReadinessEntry(int Rank, string Module, int CrossingReferences, IReadOnlyList<Blocker> BlockedBy)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public int Blockers => BlockedBy.Count;
}
