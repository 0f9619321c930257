using Migration.Analysis.Modules;
using Migration.Analysis.Reading;

namespace Migration.Analysis.Graph;

/// <summary>
/// Type-level references folded into modules: for each ordered pair of modules, the distinct type pairs
/// behind the edge (split by whether they reach the target's contracts or its implementation), and for each
/// module the type counts that Ca, Ce and abstractness come from.
/// </summary>
public sealed class ModuleGraph
{
    private ModuleGraph(ModuleMap map, IReadOnlyList<ModuleEdge> edges, IReadOnlyList<ModuleTypes> types)
    {
        Map = map;
        Edges = edges;
        Types = types;
    }

    public ModuleMap Map { get; }

    /// <summary>Edges between different modules, ordered by source then target name.</summary>
    public IReadOnlyList<ModuleEdge> Edges { get; }

    /// <summary>Per module (same order as the map): its types and its type-level coupling.</summary>
    public IReadOnlyList<ModuleTypes> Types { get; }

    public static ModuleGraph Build(ModuleMap map, IReadOnlyList<ScannedAssembly> assemblies)
    {
        var count = map.Modules.Count;
        var types = new int[count];
        var abstractTypes = new int[count];
        var afferent = Enumerable.Range(0, count).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var efferent = Enumerable.Range(0, count).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var pairs = new Dictionary<(int From, int To), Dictionary<(string From, string To), (ModulePart Part, int Uses)>>();

        foreach (var assembly in assemblies)
        {
            foreach (var type in assembly.Types)
            {
                types[type.Module]++;
                if (type.IsAbstract)
                {
                    abstractTypes[type.Module]++;
                }
            }

            foreach (var reference in assembly.References)
            {
                var from = assembly.Types[reference.From];
                var fromKey = from.FullName;
                var toKey = reference.ToFullName;
                afferent[reference.ToModule].Add(from.Assembly + "!" + fromKey);
                efferent[from.Module].Add(reference.ToAssembly + "!" + toKey);
                if (!pairs.TryGetValue((from.Module, reference.ToModule), out var typePairs))
                {
                    pairs[(from.Module, reference.ToModule)] = typePairs = [];
                }

                var existing = typePairs.GetValueOrDefault((fromKey, toKey));
                typePairs[(fromKey, toKey)] = (reference.ToPart, existing.Uses + reference.Count);
            }
        }

        var edges = pairs
            .Select(pair => new ModuleEdge(
                map.Modules[pair.Key.From].Name,
                map.Modules[pair.Key.To].Name,
                [.. pair.Value
                    .Select(p => new TypePair(p.Key.From, p.Key.To, p.Value.Part, p.Value.Uses))
                    .OrderBy(p => p.From, StringComparer.Ordinal).ThenBy(p => p.To, StringComparer.Ordinal)]))
            .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
            .ToList();

        var moduleTypes = Enumerable.Range(0, count)
            .Select(i => new ModuleTypes(map.Modules[i].Name, types[i], abstractTypes[i], afferent[i].Count, efferent[i].Count))
            .ToList();
        return new ModuleGraph(map, edges, moduleTypes);
    }
}

/// <summary>All the ways one module uses another.</summary>
public sealed record ModuleEdge(string From, string To, IReadOnlyList<TypePair> TypePairs)
{
    public int Uses => TypePairs.Sum(p => p.Uses);

    public int IntoContracts => TypePairs.Count(p => p.Part == ModulePart.Contracts);

    public int IntoImplementation => TypePairs.Count(p => p.Part == ModulePart.Implementation);
}

/// <summary>One type using another: how often (member references, signatures, attributes, IL tokens).</summary>
public sealed record TypePair(string From, string To, ModulePart Part, int Uses);

/// <summary>A module's size and coupling in types: Ca counts outside types that use it, Ce outside types it uses.</summary>
public sealed record ModuleTypes(string Module, int Types, int AbstractTypes, int Afferent, int Efferent);
