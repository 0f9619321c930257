using System.Reflection;
using Migration.Analysis.Modules;
using Mono.Cecil;
using NetArchTest.Rules;
using Plan;

namespace Migration.Architecture;

/// <summary>The code around the modules that the rules also constrain.</summary>
public sealed record EstateParts
{
    /// <summary>The front door: it routes by path and must not know any module's types.</summary>
    public IReadOnlyList<Assembly> Proxy { get; init; } = [];

    /// <summary>Extracted services by name: they may use the monolith's contracts, nothing else of it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Assembly>> Services { get; init; } = new Dictionary<string, IReadOnlyList<Assembly>>();

    /// <summary>Type names of the monolith outside its contracts (implementation and shared kernel).</summary>
    public IReadOnlyList<string> LegacyImplementation { get; init; } = [];

    /// <summary>The open generic interface integration-event handlers implement, if the estate has one.</summary>
    public Type? HandlerInterface { get; init; }
}

/// <summary>
/// The gate's rules, generated from the module map: one parameterised set, the same for every module,
/// so a module added to the plan is covered without writing a test. Shared modules may be used by every
/// module (they ship in every deployable) and must use none; the host may use every module (wiring).
/// </summary>
public static class PlanRules
{
    /// <summary>What contracts may depend on: the base library, and attributes the compiler emits.</summary>
    private static readonly string[] BaseLibrary = ["System", "Microsoft.CodeAnalysis"];

    private const string DbContext = "Microsoft.EntityFrameworkCore.DbContext";

    public static IReadOnlyList<ArchitectureRule> For(ModuleTypes modules, EstateParts parts)
    {
        var map = modules.Map;
        var rules = new List<ArchitectureRule>();
        for (var m = 0; m < map.Modules.Count; m++)
        {
            var module = m;
            var name = map.Modules[m].Name;
            if (map.Modules[m].Role == ModuleRole.Shared)
            {
                rules.Add(new ArchitectureRule(
                    $"{name}: shared, uses no module",
                    $"The shared module {name} ships in every deployable: it uses no module, or each would carry that module along.",
                    () => Failing(modules.In(module, ModulePart.Implementation).Should(),
                        [.. Enumerable.Range(0, map.Modules.Count).Where(o => map.Modules[o].Role != ModuleRole.Shared).SelectMany(o => modules.NamesIn(o, ModulePart.Implementation).Concat(modules.NamesIn(o, ModulePart.Contracts)))], negate: true)));
                continue;
            }

            if (map.Modules[m].Role == ModuleRole.Host)
            {
                continue; // The composition root registers every module: its uses are wiring.
            }

            for (var n = 0; n < map.Modules.Count; n++)
            {
                if (n == m || map.Modules[n].Role == ModuleRole.Shared)
                {
                    continue;
                }

                var other = n;
                rules.Add(new ArchitectureRule(
                    $"{name} -> {map.Modules[n].Name}: implementation",
                    $"The implementation of {name} uses {map.Modules[n].Name} only through its contracts.",
                    () => Failing(modules.In(module, ModulePart.Implementation).Should(), modules.NamesIn(other, ModulePart.Implementation), negate: true)));
            }

            rules.Add(new ArchitectureRule(
                $"{name}: contracts depend on the base library only",
                $"The contracts of {name} reference nothing but the base library, each other and the shared modules (which every deployable ships).",
                () => modules.In(module, ModulePart.Contracts).Should()
                    .OnlyHaveDependenciesOn([.. BaseLibrary, .. modules.NamesIn(module, ModulePart.Contracts),
                        .. Enumerable.Range(0, map.Modules.Count).Where(s => map.Modules[s].Role == ModuleRole.Shared).SelectMany(s => modules.NamesIn(s, ModulePart.Implementation))])
                    .GetResult().FailingTypeNames ?? []));

            rules.Add(new ArchitectureRule(
                $"{name}: DbContexts are internal",
                $"The DbContexts of {name} are internal: no other module can reach its tables through them.",
                () => modules.In(module, ModulePart.Implementation).And().MeetCustomRule(new InheritsFrom(DbContext)).Should().NotBePublic().GetResult().FailingTypeNames ?? []));

            if (parts.HandlerInterface is { } handler)
            {
                rules.Add(new ArchitectureRule(
                    $"{name}: event handlers are internal",
                    $"The integration-event handlers of {name} are internal: events are the contract, handlers are not.",
                    () => modules.In(module, ModulePart.Implementation).And().MeetCustomRule(new Implements(handler)).Should().NotBePublic().GetResult().FailingTypeNames ?? []));
            }
        }

        if (parts.Proxy.Count > 0)
        {
            rules.Add(new ArchitectureRule(
                "proxy: uses no module",
                "The proxy routes by path: it references no module's types.",
                () => Failing(Types.InAssemblies(parts.Proxy).Should(), modules.AllModuleNames(), negate: true)));
        }

        foreach (var (service, assemblies) in parts.Services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            rules.Add(new ArchitectureRule(
                $"{service}: uses only contracts of the monolith",
                $"The extracted service {service} references no part of the monolith but its contracts.",
                () => Failing(Types.InAssemblies(assemblies).Should(), parts.LegacyImplementation, negate: true)));
        }

        rules.Add(new ArchitectureRule(
            "modules: no cycles",
            "No modules depend on each other in a circle, through contracts or otherwise (the host's wiring aside).",
            () => ModuleCycles(modules)));
        return rules;
    }

    private static IReadOnlyList<string> Failing(Conditions should, IReadOnlyList<string> forbidden, bool negate) =>
        forbidden.Count == 0 ? [] : (negate ? should.NotHaveDependencyOnAny([.. forbidden]) : should.HaveDependencyOnAny([.. forbidden])).GetResult().FailingTypeNames ?? [];

    /// <summary>Module dependencies as NetArchTest sees them, and the circles among them (one violation per circle).</summary>
    private static IReadOnlyList<string> ModuleCycles(ModuleTypes modules)
    {
        var map = modules.Map;
        var names = Enumerable.Range(0, map.Modules.Count)
            .Select(m => modules.NamesIn(m, ModulePart.Implementation).Concat(modules.NamesIn(m, ModulePart.Contracts)).ToArray())
            .ToArray();
        var edges = new List<(string From, string To)>();
        for (var m = 0; m < map.Modules.Count; m++)
        {
            for (var n = 0; n < map.Modules.Count; n++)
            {
                if (m != n && map.Modules[m].Role != ModuleRole.Host && names[n].Length > 0 && UsesAny(modules, m, names[n]))
                {
                    edges.Add((map.Modules[m].Name, map.Modules[n].Name));
                }
            }
        }

        return [.. Cycles.Find([.. map.Modules.Select(m => m.Name)], edges)
            .Select(cycle => $"{string.Join(", ", cycle.Modules)} ({string.Join("; ", cycle.Edges.Select(e => $"{e.From} -> {e.To}"))})")];
    }

    private static bool UsesAny(ModuleTypes modules, int module, string[] names) =>
        modules.In(module, ModulePart.Implementation).And().HaveDependencyOnAny(names).GetTypes().Any()
        || modules.In(module, ModulePart.Contracts).And().HaveDependencyOnAny(names).GetTypes().Any();

    /// <summary>
    /// Types deriving from a class by its full name, through the whole chain of base classes: no reference to
    /// the library that defines it (EF Core) is needed, so the rules work whatever version the code uses.
    /// </summary>
    private sealed class InheritsFrom(string fullName) : ICustomRule
    {
        public bool MeetsRule(TypeDefinition type)
        {
            for (var baseType = type.BaseType; baseType is not null;)
            {
                if (baseType.FullName == fullName)
                {
                    return true;
                }

                try
                {
                    baseType = baseType.Resolve()?.BaseType;
                }
                catch (Exception ex) when (ex is AssemblyResolutionException or BadImageFormatException or IOException)
                {
                    // The base class's assembly is not beside the code: a DbContext is derived from it
                    // directly in the code a rule checks (Cecil names the direct base without resolving).
                    return false;
                }
            }

            return false;
        }
    }

    /// <summary>Types implementing a closed form of an open generic interface (IHandler&lt;T&gt; for any T).</summary>
    private sealed class Implements(Type openInterface) : ICustomRule
    {
        private readonly string _name = openInterface.FullName!;

        public bool MeetsRule(TypeDefinition type) =>
            type.Interfaces.Any(i => (i.InterfaceType is GenericInstanceType generic ? generic.ElementType : i.InterfaceType).FullName == _name);
    }
}
