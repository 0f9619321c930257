using System.Collections.Concurrent;

namespace Migration.Analysis.Modules;

/// <summary>
/// The module map's answer for each (assembly, namespace), computed once per analysis and shared by the
/// scanners of every assembly: the same framework namespaces come up in hundreds of files.
/// </summary>
internal sealed class ModuleResolver(ModuleMap map)
{
    public const int Outside = -1;

    private readonly ConcurrentDictionary<(string Assembly, string Namespace), (int Module, ModulePart Part)> _cache = new();

    public ModuleMap Map => map;

    public (int Module, ModulePart Part) Resolve(string assembly, string @namespace) =>
        _cache.GetOrAdd((assembly, @namespace), static (key, map) =>
            map.TryResolve(key.Assembly, key.Namespace, out var module, out var part) ? (module, part) : (Outside, ModulePart.Implementation), map);
}
