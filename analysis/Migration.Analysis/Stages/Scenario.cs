using Migration.Analysis.Modules;
using Plan;

namespace Migration.Analysis.Stages;

/// <summary>
/// Which deployable each module runs in: the monolith ("legacy") or its own service. A module has its
/// own deployable from 'shadow' on, because from then its service takes traffic and must stand without
/// the monolith's implementation. A shared module ships in every deployable and a host stays in the
/// monolith; see <see cref="Crosses"/> for what their references mean.
/// </summary>
public sealed record Scenario(string Name, IReadOnlyDictionary<string, string> Deployables)
{
    public const string Legacy = Modules.Deployables.Legacy;

    /// <summary>The deployable of shared modules: every one of them carries a copy.</summary>
    public const string Shared = Modules.Deployables.Shared;

    /// <summary>The stages of the plan as they are.</summary>
    public static Scenario Current(ModuleMap map) =>
        Of("current", map.Modules.ToDictionary(m => m.Name, m => DeployableOf(m, m.Stage), StringComparer.Ordinal), RolesOf(map));

    /// <summary>The plan as it is, with one more module in its own service.</summary>
    public static Scenario WhatIf(ModuleMap map, string module)
    {
        var index = map.IndexOf(module);
        if (index < 0)
        {
            throw new ArgumentException($"No module named '{module}'; the modules are {string.Join(", ", map.Modules.Where(m => m.Role == ModuleRole.Module).Select(m => m.Name))}.", nameof(module));
        }

        if (map.Modules[index].Role != ModuleRole.Module)
        {
            throw new ArgumentException($"Module '{module}' is the {(map.Modules[index].Role == ModuleRole.Host ? "host" : "shared kernel")}: it is never extracted.", nameof(module));
        }

        return Of($"what if {module} were extracted", map.Modules.ToDictionary(
            m => m.Name,
            m => m.Name == module ? m.Service : DeployableOf(m, m.Stage),
            StringComparer.Ordinal), RolesOf(map));
    }

    /// <summary>A placement of a report's modules (another report's, for a diff), with the roles the report gives them.</summary>
    public static Scenario Of(string name, IReadOnlyDictionary<string, string> deployables, IEnumerable<(string Module, ModuleRole Role)> roles)
    {
        var known = roles.ToList();
        return new(name, deployables)
        {
            Hosts = known.Where(r => r.Role == ModuleRole.Host).Select(r => r.Module).ToHashSet(StringComparer.Ordinal),
            SharedModules = known.Where(r => r.Role == ModuleRole.Shared).Select(r => r.Module).ToHashSet(StringComparer.Ordinal),
        };
    }

    private static IEnumerable<(string, ModuleRole)> RolesOf(ModuleMap map) => map.Modules.Select(m => (m.Name, m.Role));

    /// <summary>
    /// Whether a use of <paramref name="to"/>'s code by <paramref name="from"/> would cross the network: the
    /// one rule for edges, cycles, blockers and diffs. Uses of a shared module never do: it ships in every
    /// deployable. The host's uses are wiring (its registrations leave with the module), never a call. A
    /// shared module's use of a module does wherever the kernel ships without that module, that is as soon
    /// as any other deployable exists.
    /// </summary>
    public bool Crosses(string from, string to) => !IsWiring(from) && CrossesData(from, to);

    /// <summary>
    /// Whether a use of <paramref name="to"/>'s tables by <paramref name="from"/> would cross the network:
    /// as <see cref="Crosses"/>, but the host has no exemption, since reading a module's tables is no wiring.
    /// </summary>
    public bool CrossesData(string from, string to)
    {
        if (SharedModules.Contains(to))
        {
            return false;
        }

        var target = Deployables[to];
        return SharedModules.Contains(from)
            ? Deployables.Any(d => !SharedModules.Contains(d.Key) && d.Value != target)
            : Deployables[from] != target;
    }

    /// <summary>Whether the module's references to others are the host's wiring.</summary>
    public bool IsWiring(string from) => Hosts.Contains(from);

    /// <summary>The host module(s): the composition root.</summary>
    public IReadOnlySet<string> Hosts { get; init; } = new HashSet<string>();

    /// <summary>The shared modules: in every deployable.</summary>
    public IReadOnlySet<string> SharedModules { get; init; } = new HashSet<string>();

    private static string DeployableOf(ModuleDefinition module, Stage stage) =>
        module.Role == ModuleRole.Module && stage >= Stage.Shadow ? module.Service : module.Role == ModuleRole.Shared ? Shared : Legacy;
}
