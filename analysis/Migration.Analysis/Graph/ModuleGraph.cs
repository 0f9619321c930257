using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot loops over every type reference: see AssemblyScanner.
    public static ModuleGraph Build(ModuleMap map, IReadOnlyList<ScannedAssembly> assemblies)
    {
        var count = map.Modules.Count;
        var types = new int[count];
        var abstractTypes = new int[count];
        var afferent = Enumerable.Range(0, count).Select(_ => new HashSet<int>()).ToArray();
        var efferent = Enumerable.Range(0, count).Select(_ => new HashSet<int>()).ToArray();
        var pairs = new Dictionary<(int From, int To), Dictionary<long, (ModulePart Part, int Uses)>>();

        // Types are numbered once; everything after works on numbers, not names.
        var ids = new Dictionary<(string Assembly, string Name), int>();
        var names = new List<string>();
        // A scanner hands out one name string per referenced type, and it recurs at every use: looked up by
        // identity first (and its assembly checked), a reference costs no hashing of two names.
        var byInstance = new Dictionary<string, (string Assembly, int Id)>(ReferenceEqualityComparer.Instance);

        foreach (var assembly in assemblies)
        {
            var typeIds = new int[assembly.Types.Count];
            for (var i = 0; i < assembly.Types.Count; i++)
            {
                var type = assembly.Types[i];
                typeIds[i] = Id(ids, names, type.Assembly, type.FullName);
                types[type.Module]++;
                if (type.IsAbstract)
                {
                    abstractTypes[type.Module]++;
                }
            }

            foreach (var reference in assembly.References)
            {
                var fromModule = assembly.Types[reference.From].Module;
                var from = typeIds[reference.From];
                ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(byInstance, reference.ToFullName, out var seen);
                if (!seen || !string.Equals(known.Assembly, reference.ToAssembly, StringComparison.Ordinal))
                {
                    known = (reference.ToAssembly, Id(ids, names, reference.ToAssembly, reference.ToFullName));
                }

                var to = known.Id;

                afferent[reference.ToModule].Add(from);
                efferent[fromModule].Add(to);
                if (!pairs.TryGetValue((fromModule, reference.ToModule), out var typePairs))
                {
                    pairs[(fromModule, reference.ToModule)] = typePairs = [];
                }

                ref var pair = ref CollectionsMarshal.GetValueRefOrAddDefault(typePairs, ((long)from << 32) | (uint)to, out _);
                pair = (reference.ToPart, pair.Uses + reference.Count);
            }
        }

        // Type pairs are listed by name. Names are ranked once, so each edge sorts numbers, and same-named
        // types of different assemblies (internal helpers such as SR) fall together as one pair.
        var (rank, byRank) = RankNames(names);
        var keyed = pairs.ToArray();
        var edges = new ModuleEdge[keyed.Length];
        Parallel.For(0, keyed.Length, i => edges[i] = new ModuleEdge(
            map.Modules[keyed[i].Key.From].Name, map.Modules[keyed[i].Key.To].Name, TypePairs(keyed[i].Value, rank, byRank)));
        Array.Sort(edges, (a, b) => string.CompareOrdinal(a.From, b.From) is var order and not 0 ? order : string.CompareOrdinal(a.To, b.To));

        var moduleTypes = Enumerable.Range(0, count)
            .Select(i => new ModuleTypes(map.Modules[i].Name, types[i], abstractTypes[i], afferent[i].Count, efferent[i].Count))
            .ToList();
        return new ModuleGraph(map, edges, moduleTypes);
    }

    /// <summary>The number of a type, given on first sight. A method of its own, not a local function, to be compiled optimised.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Id(Dictionary<(string Assembly, string Name), int> ids, List<string> names, string assembly, string name)
    {
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, (assembly, name), out var known);
        if (!known)
        {
            id = names.Count;
            names.Add(name);
        }

        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Rank, string[] ByRank) RankNames(List<string> names)
    {
        var sorted = names.ToArray();
        var order = Enumerable.Range(0, sorted.Length).ToArray();
        Array.Sort(sorted, order, StringComparer.Ordinal);
        var rank = new int[sorted.Length];
        var byRank = new List<string>();
        for (var i = 0; i < sorted.Length; i++)
        {
            if (byRank.Count == 0 || !string.Equals(byRank[^1], sorted[i], StringComparison.Ordinal))
            {
                byRank.Add(sorted[i]);
            }

            rank[order[i]] = byRank.Count - 1;
        }

        return (rank, [.. byRank]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<TypePair> TypePairs(Dictionary<long, (ModulePart Part, int Uses)> pairs, int[] rank, string[] byRank)
    {
        // Sorted by the numeric key alone (no comparison delegate): tens of thousands of pairs per edge.
        var keys = new long[pairs.Count];
        var values = new (ModulePart Part, int Uses)[pairs.Count];
        var i = 0;
        foreach (var (key, value) in pairs)
        {
            keys[i] = ((long)rank[(int)(key >> 32)] << 32) | (uint)rank[(int)key];
            values[i++] = value;
        }

        Array.Sort(keys, values);
        var list = new List<TypePair>(keys.Length);
        for (i = 0; i < keys.Length; i++)
        {
            var uses = values[i].Uses;
            while (i + 1 < keys.Length && keys[i + 1] == keys[i])
            {
                uses += values[++i].Uses;
            }

            list.Add(new TypePair(byRank[(int)(keys[i] >> 32)], byRank[(int)keys[i]], values[i].Part, uses));
        }

        return list;
    }
}


/// <summary>All the ways one module uses another; the type pairs in ordinal order of From, then To.</summary>
public sealed record ModuleEdge(string From, string To, IReadOnlyList<TypePair> TypePairs)
{
    public int Uses { get; } = TypePairs.Sum(p => p.Uses);

    public int IntoContracts { get; } = TypePairs.Count(p => p.Part == ModulePart.Contracts);

    public int IntoImplementation { get; } = TypePairs.Count(p => p.Part == ModulePart.Implementation);
}

/// <summary>One type using another: how often (member references, signatures, attributes, IL tokens).</summary>
public sealed record TypePair(string From, string To, ModulePart Part, int Uses);

/// <summary>A module's size and coupling in types: Ca counts outside types that use it, Ce outside types it uses.</summary>
public sealed record ModuleTypes(string Module, int Types, int AbstractTypes, int Afferent, int Efferent);
