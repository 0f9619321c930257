using System.Reflection;
using Architecture.Tests.Rules;
using Migration.Analysis.Modules;
using NetArchTest.Rules;
using Plan;
using Shop.BuildingBlocks.Events;

namespace Architecture.Tests;

/// <summary>The sample estate under the gate: its plan, its built assemblies, the rules and the known violations.</summary>
internal static class SampleEstate
{
    private static readonly Lazy<(ModuleTypes Modules, IReadOnlyList<ArchitectureRule> Rules)> State = new(Build);

    public static ModuleTypes Modules => State.Value.Modules;

    public static IReadOnlyList<ArchitectureRule> Rules => State.Value.Rules;

    public static KnownViolations Known { get; } = KnownViolations.Load(Path.Combine(AppContext.BaseDirectory, "known-violations.json"));

    private static (ModuleTypes, IReadOnlyList<ArchitectureRule>) Build()
    {
        var plan = PlanFile.Load(Path.Combine(AppContext.BaseDirectory, "migration.json"));
        var map = ModuleMap.FromPlan(plan);
        var legacy = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => plan.Legacy.Assemblies.Any(pattern => Glob(name!, pattern)))
            .Select(name => Assembly.Load(name!))
            .OrderBy(a => a.GetName().Name, StringComparer.Ordinal)
            .ToList();
        var modules = new ModuleTypes(map, legacy);
        var contracts = Enumerable.Range(0, map.Modules.Count).SelectMany(m => modules.NamesIn(m, ModulePart.Contracts)).ToHashSet(StringComparer.Ordinal);
        var parts = new EstateParts
        {
            Proxy = [Assembly.Load("StranglerProxy")],
            Services = ServiceAssemblies(plan),
            LegacyImplementation = [.. Types.InAssemblies(legacy).GetTypes()
                // Types outside any namespace (the host's Program) cannot be told apart by name from a service's own.
                .Where(t => !t.IsNested && !t.Name.StartsWith('<') && t.Namespace is not null && !contracts.Contains(t.FullName!))
                .Select(t => t.FullName!)],
            HandlerInterface = typeof(IIntegrationEventHandler<>),
        };
        return (modules, EstateRules.For(modules, parts));
    }

    /// <summary>Each extracted service of the plan whose assembly is built here, by convention: inventory-service is Inventory.Service.</summary>
    private static Dictionary<string, IReadOnlyList<Assembly>> ServiceAssemblies(MigrationPlan plan) =>
        plan.Modules.Values
            .Select(m => (m.Service, Assembly: string.Join('.', m.Service.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]))))
            .Where(s => File.Exists(Path.Combine(AppContext.BaseDirectory, s.Assembly + ".dll")))
            .ToDictionary(s => s.Service, s => (IReadOnlyList<Assembly>)[Assembly.Load(s.Assembly)]);

    private static bool Glob(string name, string pattern) =>
        pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase) : string.Equals(name, pattern, StringComparison.OrdinalIgnoreCase);
}
