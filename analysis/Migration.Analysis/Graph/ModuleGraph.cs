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
    private ModuleGraph(ModuleMap map, IReadOnlyList<ModuleEdge> edges, IReadOnlyList<ModuleTypes> types, IReadOnlyList<ExternalDependency> external)
    {
        Map = map;
        Edges = edges;
        Types = types;
        External = external;
    }

    public ModuleMap Map { get; }

    /// <summary>Edges between different modules, ordered by source then target name.</summary>
    public IReadOnlyList<ModuleEdge> Edges { get; }

    /// <summary>Per module (same order as the map): its types and its type-level coupling.</summary>
    public IReadOnlyList<ModuleTypes> Types { get; }

    /// <summary>
    /// The assemblies outside the analysed modules that modules use, by name. A reference counts towards a
    /// module only when its target is defined in an analysed assembly of that module; the rest (a framework
    /// type whose namespace a module happens to share, a library not analysed) is listed here instead.
    /// </summary>
    public IReadOnlyList<ExternalDependency> External { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot loops over every type reference: see AssemblyScanner.
    public static ModuleGraph Build(ModuleMap map, IReadOnlyList<ScannedAssembly> assemblies)
    {
        var count = map.Modules.Count;
        var types = new int[count];
        var abstractTypes = new int[count];
        // The type pairs of each ordered pair of modules, by (from * count + to). A scanner lists each pair of
        // its assembly once, so they are appended, not looked up; same-named pairs are merged when sorted.
        var pairs = new PairList?[count * count];

        // Types are numbered once; everything after works on numbers, not names.
        var ids = new Dictionary<(string Assembly, string Name), int>();
        var names = new List<string>();
        // A scanner hands out one name string per referenced type, and it recurs at every use: looked up by
        // identity first (and its assembly checked), a reference costs no hashing of two names.
        var byInstance = new Dictionary<string, (string Assembly, int Id)>(ReferenceEqualityComparer.Instance);

        // Every type the analysed assemblies define is numbered first: a reference to anything else is external.
        // A reference takes the module and part of the type it reaches, which a forwarder may have moved.
        var typeIds = new int[assemblies.Count][];
        var definedIn = new List<(int Module, ModulePart Part)>();
        for (var a = 0; a < assemblies.Count; a++)
        {
            var assembly = assemblies[a];
            typeIds[a] = new int[assembly.Types.Count];
            for (var i = 0; i < assembly.Types.Count; i++)
            {
                var type = assembly.Types[i];
                typeIds[a][i] = Id(ids, names, type.Assembly, type.FullName);
                if (typeIds[a][i] == definedIn.Count)
                {
                    definedIn.Add((type.Module, type.Part));
                }

                types[type.Module]++;
                if (type.IsAbstract)
                {
                    abstractTypes[type.Module]++;
                }
            }
        }

        var forwarders = assemblies.Where(a => a.Forwarded.Count > 0).ToDictionary(a => a.Name, a => a.Forwarded, StringComparer.Ordinal);
        var external = new Dictionary<(int Module, string Assembly), int>();
        for (var a = 0; a < assemblies.Count; a++)
        {
            var assembly = assemblies[a];
            var references = assembly.References;
            for (var i = 0; i < references.Count; i++)
            {
                var reference = references[i];
                var from = assembly.Types[reference.From].Module;
                ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(byInstance, reference.ToFullName, out var seen);
                if (!seen || !string.Equals(known.Assembly, reference.ToAssembly, StringComparison.Ordinal))
                {
                    known = (reference.ToAssembly, Defined(ids, forwarders, reference.ToAssembly, reference.ToFullName));
                }

                if (known.Id < 0)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(external, (from, reference.ToAssembly), out _) += reference.Count;
                    continue;
                }

                var (toModule, toPart) = definedIn[known.Id];
                if (toModule == from)
                {
                    continue; // A forwarder led back into the module's own code.
                }

                (pairs[from * count + toModule] ??= new PairList())
                    .Add(((long)typeIds[a][reference.From] << 32) | (uint)known.Id, toPart, reference.Count);
            }

            foreach (var use in assembly.External)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(external, (use.Module, use.Assembly), out _) += use.Uses;
            }
        }

        // Counted on type numbers, before the pairs are renumbered by name below.
        var (afferent, efferent) = Coupling(pairs, count, names.Count);

        // Type pairs are listed by name. Names are ranked once, so each edge sorts numbers, and same-named
        // types of different assemblies (internal helpers such as SR) fall together as one pair.
        var (rank, byRank) = RankNames(names);
        var keyed = Enumerable.Range(0, pairs.Length).Where(i => pairs[i] is not null).ToArray();
        var edges = new ModuleEdge[keyed.Length];
        Parallel.For(0, keyed.Length, i => edges[i] = new ModuleEdge(
            map.Modules[keyed[i] / count].Name, map.Modules[keyed[i] % count].Name, TypePairs(pairs[keyed[i]]!, rank, byRank)));
        Array.Sort(edges, (a, b) => string.CompareOrdinal(a.From, b.From) is var order and not 0 ? order : string.CompareOrdinal(a.To, b.To));

        var moduleTypes = Enumerable.Range(0, count)
            .Select(i => new ModuleTypes(map.Modules[i].Name, types[i], abstractTypes[i], afferent[i], efferent[i]))
            .ToList();
        return new ModuleGraph(map, edges, moduleTypes, ExternalDependencies(map, external));
    }

    private static List<ExternalDependency> ExternalDependencies(ModuleMap map, Dictionary<(int Module, string Assembly), int> uses) =>
        [.. uses
            .GroupBy(u => u.Key.Assembly, StringComparer.Ordinal)
            .Select(g => new ExternalDependency(
                g.Key,
                [.. g.Select(u => map.Modules[u.Key.Module].Name).Distinct().Order(StringComparer.Ordinal)],
                g.Sum(u => u.Value)))
            .OrderBy(d => d.Assembly, StringComparer.Ordinal)];

    /// <summary>
    /// The number of a type defined in the analysed assemblies, following facades' forwarders (netstandard's
    /// String is System.Runtime's, which is System.Private.CoreLib's); -1 when no analysed assembly defines it.
    /// </summary>
    private static int Defined(Dictionary<(string Assembly, string Name), int> ids, Dictionary<string, IReadOnlyDictionary<string, string>> forwarders, string assembly, string name)
    {
        for (var hops = 0; hops < 8; hops++)
        {
            if (ids.TryGetValue((assembly, name), out var id))
            {
                return id;
            }

            if (!forwarders.TryGetValue(assembly, out var forwarded) || !forwarded.TryGetValue(name, out var target))
            {
                return -1;
            }

            assembly = target;
        }

        return -1;
    }

    /// <summary>Per module, the distinct outside types that use it (Ca) and that it uses (Ce), from the type pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Afferent, int[] Efferent) Coupling(PairList?[] pairs, int count, int typeCount)
    {
        var afferent = new int[count];
        var efferent = new int[count];
        // A type counts once per module: it is stamped with the module (plus one) when first counted.
        var usedBy = new int[typeCount];
        var uses = new int[typeCount];
        for (var module = 0; module < count; module++)
        {
            for (var other = 0; other < count; other++)
            {
                if (pairs[other * count + module] is { } incoming)
                {
                    for (var i = 0; i < incoming.Count; i++)
                    {
                        var from = (int)(incoming.Keys[i] >> 32);
                        if (usedBy[from] != module + 1)
                        {
                            usedBy[from] = module + 1;
                            afferent[module]++;
                        }
                    }
                }

                if (pairs[module * count + other] is { } outgoing)
                {
                    for (var i = 0; i < outgoing.Count; i++)
                    {
                        var to = (int)outgoing.Keys[i];
                        if (uses[to] != module + 1)
                        {
                            uses[to] = module + 1;
                            efferent[module]++;
                        }
                    }
                }
            }
        }

        return (afferent, efferent);
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
    private static List<TypePair> TypePairs(PairList pairs, int[] rank, string[] byRank)
    {
        // Sorted by the numeric key alone (no comparison delegate): tens of thousands of pairs per edge.
        var keys = pairs.Keys;
        var values = pairs.Values;
        for (var i = 0; i < pairs.Count; i++)
        {
            keys[i] = ((long)rank[(int)(keys[i] >> 32)] << 32) | (uint)rank[(int)keys[i]];
        }

        Array.Sort(keys, values, 0, pairs.Count);
        var list = new List<TypePair>(pairs.Count);
        for (var i = 0; i < pairs.Count; i++)
        {
            var uses = values[i].Uses;
            while (i + 1 < pairs.Count && keys[i + 1] == keys[i])
            {
                uses += values[++i].Uses;
            }

            list.Add(new TypePair(byRank[(int)(keys[i] >> 32)], byRank[(int)keys[i]], values[i].Part, uses));
        }

        return list;
    }

    /// <summary>The type pairs behind one module edge as they are found: (from id, to id) keys, part and uses.</summary>
    private sealed class PairList
    {
        public long[] Keys = new long[16];
        public (ModulePart Part, int Uses)[] Values = new (ModulePart, int)[16];

        public int Count { get; private set; }

        public void Add(long key, ModulePart part, int uses)
        {
            if (Count == Keys.Length)
            {
                Array.Resize(ref Keys, Count * 2);
                Array.Resize(ref Values, Count * 2);
            }

            Keys[Count] = key;
            Values[Count++] = (part, uses);
        }
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

/// <summary>An assembly outside the analysed modules, the modules that use its types, and how often.</summary>
public sealed record ExternalDependency(string Assembly, IReadOnlyList<string> UsedBy, int Uses);

/// <summary>A module's size and coupling in types: Ca counts outside types that use it, Ce outside types it uses.</summary>
public sealed record ModuleTypes(string Module, int Types, int AbstractTypes, int Afferent, int Efferent);
