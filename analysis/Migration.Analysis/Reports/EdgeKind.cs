namespace Migration.Analysis.Reports;

/// <summary>
/// What an edge of the module graph is, as every drawing of it shows it: in one deployable, across
/// deployables through contracts, across deployables into implementation (a blocker), or the host's wiring.
/// Whether it crosses is the report's word (<see cref="EdgeReport.CrossesDeployables"/>), never re-derived.
/// </summary>
internal static class EdgeKind
{
    public const string Internal = "internal";
    public const string Crossing = "crossing";
    public const string Blocking = "blocking";
    public const string Wiring = "wiring";

    public static string Of(EdgeReport edge) =>
        edge.CrossesDeployables && edge.IntoImplementation > 0 ? Blocking
        : edge.Wiring ? Wiring
        : edge.CrossesDeployables ? Crossing
        : Internal;
}
