using Migration.Analysis.Modules;
using Migration.Analysis.Reading;
using Testing.Support;

namespace Migration.Analysis.Tests;

/// <summary>Only types the analysed assemblies define belong to modules; the rest are external dependencies.</summary>
public sealed class ExternalDependencyTests
{
    [Fact]
    public void Analyze_NamespaceModulesOverABuildOutputWithoutTheFramework_CountsNoFrameworkTypeAsAModule()
    {
        // Clinic's build output holds its own code and its packages (Dapper, Npgsql, EF Core), not the
        // framework; a namespace module "System" exists because packages define a few System.* types.
        var files = AssemblySet.Collect([BuildOutputs.Clinic]);
        var report = Analyzer.Analyze(new AnalysisRequest(files, NamespaceModules.Discover(files, 1)) { ReadEfModels = false });

        Assert.Contains(report.Modules, m => m.Name == "System");
        // Clinic uses string, Task, List<T>...: none of them is defined in the folder, so none is a use of "System".
        Assert.Equal(["Dapper", "Microsoft"], report.Edges.Where(e => e.From == "Clinic").Select(e => e.To));
        Assert.Contains(report.External, d => d.Assembly == "System.Runtime" && d.UsedBy.Contains("Clinic"));
    }
}
