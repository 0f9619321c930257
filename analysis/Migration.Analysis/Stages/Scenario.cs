using Migration.Analysis.Modules;
using Plan;

namespace Migration.Analysis.Stages;

/// <summary>
/// Which deployable each module runs in: the monolith ("legacy") or its own service. A module has its
/// own deployable from 'shadow' on, because from then its service takes traffic and must stand without
/// the monolith's implementation.
/// </summary>
public sealed record Scenario(string Name, IReadOnlyDictionary<string, string> Deployables)
{
    public const string Legacy = "legacy";

    /// <summary>The stages of the plan as they are.</summary>
    public static Scenario Current(ModuleMap map) =>
        new("current", map.Modules.ToDictionary(m => m.Name, m => DeployableOf(m, m.Stage), StringComparer.Ordinal));

    /// <summary>The plan as it is, with one more module in its own service.</summary>
    public static Scenario WhatIf(ModuleMap map, string module)
    {
        if (map.IndexOf(module) < 0)
        {
            throw new ArgumentException($"No module named '{module}'; the modules are {string.Join(", ", map.Modules.Select(m => m.Name))}.", nameof(module));
        }

        return new($"what if {module} were extracted", map.Modules.ToDictionary(
            m => m.Name,
            m => m.Name == module ? m.Service : DeployableOf(m, m.Stage),
            StringComparer.Ordinal));
    }

    public bool Crosses(string from, string to) => Deployables[from] != Deployables[to];

    private static string DeployableOf(ModuleDefinition module, Stage stage) => stage >= Stage.Shadow ? module.Service : Legacy;
}
