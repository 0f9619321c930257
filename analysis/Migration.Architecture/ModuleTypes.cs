using System.Reflection;
using Migration.Analysis.Modules;
using Mono.Cecil;
using NetArchTest.Rules;

namespace Migration.Architecture;

/// <summary>
/// The estate's types sorted into modules by the same map the analysis uses (assembly or namespace
/// patterns, most specific wins), as NetArchTest selections and as the type names other rules look for.
/// </summary>
public sealed class ModuleTypes(ModuleMap map, IReadOnlyList<Assembly> assemblies)
{
    public ModuleMap Map => map;

    /// <summary>The types of one module part, for a rule to constrain.</summary>
    public PredicateList In(int module, ModulePart part) =>
        Types.InAssemblies(assemblies).That().MeetCustomRule(new InModulePart(map, module, part));

    /// <summary>
    /// The top-level type names of one module part; a dependency on any of them (or their nested types) is a
    /// use of the part. Types outside any namespace (a host's Program) are left out: by name, every
    /// application's Program is the same type.
    /// </summary>
    public string[] NamesIn(int module, ModulePart part) =>
        [.. In(module, part).GetTypes()
            .Where(t => !t.IsNested && !t.Name.StartsWith('<') && !string.IsNullOrEmpty(t.Namespace))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)];

    /// <summary>The namespaces of every module type: what code outside the modules must not touch.</summary>
    public string[] AllModuleNames() =>
        [.. Enumerable.Range(0, map.Modules.Count)
            .SelectMany(m => NamesIn(m, ModulePart.Implementation).Concat(NamesIn(m, ModulePart.Contracts)))];

    private sealed class InModulePart(ModuleMap map, int module, ModulePart part) : ICustomRule
    {
        public bool MeetsRule(TypeDefinition type)
        {
            var outer = type;
            while (outer.DeclaringType is { } declaring)
            {
                outer = declaring;
            }

            return map.TryResolve(type.Module.Assembly.Name.Name, outer.Namespace, out var found, out var foundPart)
                && found == module && foundPart == part;
        }
    }
}
