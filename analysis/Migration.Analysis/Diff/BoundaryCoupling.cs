using Migration.Analysis.Reports;

namespace Migration.Analysis.Diff;

/// <summary>
/// The coupling of one report's code across a given placement of modules in deployables: what crosses a
/// process boundary (or would, for a report of an earlier state). Measuring two reports against the same
/// placement shows whether the code that has to cross a boundary grew or shrank.
/// </summary>
public sealed record BoundaryCoupling(int Dependencies, int TypeReferences, int IntoImplementation, int Cycles)
{
    public static BoundaryCoupling Of(AnalysisReport report, IReadOnlyDictionary<string, string> deployableOf)
    {
        var crossing = report.Edges.Where(e => !e.Wiring && Crosses(deployableOf, e.From, e.To)).ToList();
        return new BoundaryCoupling(
            crossing.Count,
            crossing.Sum(e => e.TypeReferences),
            crossing.Sum(e => e.IntoImplementation),
            report.Cycles.Count(c => c.Modules.Select(m => deployableOf.GetValueOrDefault(m, "")).Distinct().Count() > 1));
    }

    private static bool Crosses(IReadOnlyDictionary<string, string> deployableOf, string from, string to) =>
        deployableOf.TryGetValue(from, out var a) && deployableOf.TryGetValue(to, out var b) && a != b;
}
