using Migration.Analysis.Reports;
using Migration.Analysis.Stages;
using Plan;

namespace Migration.Analysis.Diff;

/// <summary>
/// The coupling of one report's code across a given placement of modules in deployables: what crosses a
/// process boundary (or would, for a report of an earlier state). Measuring two reports against the same
/// placement shows whether the code that has to cross a boundary grew or shrank. What crosses is decided
/// by <see cref="Scenario.Crosses"/>, with the roles the report gives its modules; modules the placement
/// does not know (gone by then) cross nothing.
/// </summary>
public sealed record BoundaryCoupling(int Dependencies, int TypeReferences, int IntoImplementation, int Cycles)
{
    public static BoundaryCoupling Of(AnalysisReport report, IReadOnlyDictionary<string, string> deployableOf)
    {
        var placed = report.Modules.Where(m => deployableOf.ContainsKey(m.Name)).ToList();
        var scenario = Scenario.Of("placement", placed.ToDictionary(m => m.Name, m => deployableOf[m.Name], StringComparer.Ordinal),
            placed.Select(m => (m.Name, ModuleRoles.TryParse(m.Role, out var role) ? role : ModuleRole.Module)));
        bool Crosses(string from, string to) => scenario.Deployables.ContainsKey(from) && scenario.Deployables.ContainsKey(to) && scenario.Crosses(from, to);

        var crossing = report.Edges.Where(e => Crosses(e.From, e.To)).ToList();
        return new BoundaryCoupling(
            crossing.Count,
            crossing.Sum(e => e.TypeReferences),
            crossing.Sum(e => e.IntoImplementation),
            report.Cycles.Count(c => c.Edges.Select(e => e.Split(" -> ")).Any(e => Crosses(e[0], e[1]))));
    }
}
