using System.Reflection;
using Migration.Analysis.Modules;
using Plan;

namespace Migration.Architecture;

/// <summary>
/// The architecture rules a migration plan implies, for a test project of your own:
/// <code>
/// var architecture = PlanArchitecture.Load("migration.json");
/// var result = architecture.Check(architecture.Assemblies(AppContext.BaseDirectory));
/// Assert.True(result.IsSuccessful, result.ToString());
/// </code>
/// Code belongs to modules by the plan's implementation and contracts patterns (assembly names or
/// "namespace:" prefixes, the most specific wins), exactly as `migrate analyze` reads it.
/// </summary>
public sealed class PlanArchitecture(MigrationPlan plan)
{
    public MigrationPlan Plan => plan;

    public ModuleMap Map { get; } = ModuleMap.FromPlan(plan);

    /// <exception cref="InvalidPlanException">The plan cannot be read; the message names the file, the JSON path and why.</exception>
    public static PlanArchitecture Load(string planPath) => new(PlanFile.Load(planPath));

    /// <summary>
    /// The assemblies in a folder (a test's output, a build output) that the plan's legacy assemblies or
    /// its modules name, loaded for the rules to read (an assembly of that name already loaded is taken as is).
    /// </summary>
    /// <exception cref="InvalidOperationException">No assembly in the folder matches the plan: every rule would pass on nothing.</exception>
    public IReadOnlyList<Assembly> Assemblies(string folder)
    {
        var patterns = Plan.Legacy.Assemblies
            .Concat(Map.Modules.SelectMany(m => m.Implementation.Concat(m.Contracts)).Where(p => p.Kind == ModulePatternKind.Assembly).Select(p => p.Text))
            .ToList();
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic).GroupBy(a => a.GetName().Name ?? "").ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        List<Assembly> found = [.. Directory.EnumerateFiles(folder, "*.dll")
            .Where(file => patterns.Any(pattern => Glob.IsMatch(Path.GetFileNameWithoutExtension(file), pattern)))
            .Order(StringComparer.Ordinal)
            .Select(file => loaded.GetValueOrDefault(Path.GetFileNameWithoutExtension(file)) ?? LoadFile(file))
            .OfType<Assembly>()];
        return found.Count > 0
            ? found
            : throw new InvalidOperationException($"No assembly in {folder} matches the plan's legacy assemblies or module assembly patterns ({string.Join(", ", patterns)}).");
    }

    /// <summary>An assembly file, or null for a file that is no .NET assembly (a native library).</summary>
    private static Assembly? LoadFile(string file)
    {
        try
        {
            return Assembly.LoadFrom(file);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>Every rule of the plan over these assemblies, unevaluated: one test case each, for a theory.</summary>
    public IReadOnlyList<ArchitectureRule> Rules(IEnumerable<Assembly> assemblies, EstateParts? parts = null) =>
        PlanRules.For(new ModuleTypes(Map, [.. assemblies]), parts ?? new EstateParts());

    /// <summary>Evaluates every rule; violations listed in <paramref name="known"/> are accepted, and listed ones that are gone fail.</summary>
    public ArchitectureResult Check(IEnumerable<Assembly> assemblies, EstateParts? parts = null, KnownViolations? known = null)
    {
        known ??= KnownViolations.None;
        return new ArchitectureResult([.. Rules(assemblies, parts).Select(rule =>
        {
            var (found, gone) = known.Check(rule, rule.FindViolations());
            return new RuleResult(rule, found, gone);
        })]);
    }
}
