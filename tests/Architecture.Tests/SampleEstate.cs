using System.Reflection;
using Migration.Analysis.Modules;
using Migration.Architecture;
using NetArchTest.Rules;
using Plan;
using Shop.BuildingBlocks.Events;

namespace Architecture.Tests;

/// <summary>
/// The sample estate under the gate, set up the way a user's own test project would: the plan's rules
/// (Migration.Architecture) over its built assemblies, plus the parts around the modules (the proxy,
/// the extracted services), with the known violations.
/// </summary>
internal static class SampleEstate
{
    private static readonly Lazy<(ModuleTypes Modules, IReadOnlyList<ArchitectureRule> Rules)> State = new(Build);

    public static ModuleTypes Modules => State.Value.Modules;

    public static IReadOnlyList<ArchitectureRule> Rules => State.Value.Rules;

    public static KnownViolations Known { get; } = KnownViolations.Load(Path.Combine(AppContext.BaseDirectory, "known-violations.json"));

    private static (ModuleTypes, IReadOnlyList<ArchitectureRule>) Build()
    {
        var architecture = PlanArchitecture.Load(Path.Combine(AppContext.BaseDirectory, "migration.json"));
        var plan = architecture.Plan;
        var map = architecture.Map;
        var legacy = architecture.Assemblies(AppContext.BaseDirectory);
        var modules = new ModuleTypes(map, legacy);
        // What a service may use of the monolith: module contracts, and the shared kernel every deployable ships.
        var allowed = Enumerable.Range(0, map.Modules.Count)
            .SelectMany(m => map.Modules[m].Role == ModuleRole.Shared ? modules.NamesIn(m, ModulePart.Implementation) : modules.NamesIn(m, ModulePart.Contracts))
            .ToHashSet(StringComparer.Ordinal);
        var parts = new EstateParts
        {
            Proxy = [Assembly.Load("StranglerProxy")],
            Services = ServiceAssemblies(plan),
            LegacyImplementation = [.. Types.InAssemblies(legacy).GetTypes()
                // Types outside any namespace (the host's Program) cannot be told apart by name from a service's own.
                .Where(t => !t.IsNested && !t.Name.StartsWith('<') && t.Namespace is not null && !allowed.Contains(t.FullName!))
                .Select(t => t.FullName!)],
            HandlerInterface = typeof(IIntegrationEventHandler<>),
        };
        return (modules, architecture.Rules(legacy, parts));
    }

    /// <summary>Each extracted service of the plan whose assembly is built here, by convention: inventory-service is Inventory.Service.</summary>
    private static Dictionary<string, IReadOnlyList<Assembly>> ServiceAssemblies(MigrationPlan plan) =>
        plan.Modules.Values
            .Select(m => (m.Service, Assembly: string.Join('.', m.Service.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]))))
            .Where(s => File.Exists(Path.Combine(AppContext.BaseDirectory, s.Assembly + ".dll")))
            .ToDictionary(s => s.Service, s => (IReadOnlyList<Assembly>)[Assembly.Load(s.Assembly)]);
}
