using Plan;

namespace Migration.Analysis.Modules;

/// <summary>The modules to analyse: what code belongs to each, where it stands, and which tables it owns.</summary>
public sealed record ModuleMap(IReadOnlyList<ModuleDefinition> Modules)
{
    /// <summary>The modules of a plan, with their stages and tables, and its shared and host modules.</summary>
    public static ModuleMap FromPlan(MigrationPlan plan) => new(
        [.. plan.Modules.Values.Select(m => new ModuleDefinition(
                m.Name,
                [.. m.Implementation.Select(ModulePattern.Parse)],
                [.. m.Contracts.Select(ModulePattern.Parse)],
                m.Stage,
                m.Tables,
                m.Service))
            .Concat(plan.Supporting.Values.Select(m => Supporting(m.Name, m.Role, m.Implementation)))
            .OrderBy(m => m.Name, StringComparer.Ordinal)]);

    /// <summary>Modules named on the command line ("name=pattern[,pattern]"), all in the monolith.</summary>
    public static ModuleMap FromPatterns(IEnumerable<(string Name, IReadOnlyList<string> Implementation, IReadOnlyList<string> Contracts)> modules) =>
        FromPatterns(modules.Select(m => (m.Name, ModuleRole.Module, m.Implementation, m.Contracts)));

    /// <summary>Modules named on the command line, each with its role.</summary>
    public static ModuleMap FromPatterns(IEnumerable<(string Name, ModuleRole Role, IReadOnlyList<string> Implementation, IReadOnlyList<string> Contracts)> modules) => new(
        [.. modules.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => m.Role == ModuleRole.Module
            ? new ModuleDefinition(
                m.Name,
                [.. m.Implementation.Select(ModulePattern.Parse)],
                [.. m.Contracts.Select(ModulePattern.Parse)],
                Stage.Legacy,
                TablesPlan.None,
                m.Name)
            : Supporting(m.Name, m.Role, m.Implementation))]);

    /// <summary>A shared or host module: it stays in the monolith (the host) or ships everywhere (shared), and owns no tables.</summary>
    private static ModuleDefinition Supporting(string name, ModuleRole role, IReadOnlyList<string> implementation) =>
        new(name, [.. implementation.Select(ModulePattern.Parse)], [], Stage.Legacy, TablesPlan.None, role == ModuleRole.Host ? Deployables.Legacy : Deployables.Shared)
        {
            Role = role,
        };

    /// <summary>
    /// Finds the module part a type belongs to, by its assembly and namespace; the most specific pattern
    /// wins. Returns false for code outside every module (the framework, packages, code the plan leaves out).
    /// </summary>
    public bool TryResolve(string assembly, string @namespace, out int module, out ModulePart part)
    {
        module = -1;
        part = ModulePart.Implementation;
        var best = -1;
        for (var i = 0; i < Modules.Count; i++)
        {
            foreach (var (patterns, candidatePart) in (ReadOnlySpan<(IReadOnlyList<ModulePattern>, ModulePart)>)
                [(Modules[i].Implementation, ModulePart.Implementation), (Modules[i].Contracts, ModulePart.Contracts)])
            {
                for (var j = 0; j < patterns.Count; j++) // by index: an enumerator of an interface is an allocation
                {
                    var pattern = patterns[j];
                    if (pattern.Specificity > best && pattern.Matches(assembly, @namespace))
                    {
                        best = pattern.Specificity;
                        module = i;
                        part = candidatePart;
                    }
                }
            }
        }

        return module >= 0;
    }

    public int IndexOf(string name)
    {
        for (var i = 0; i < Modules.Count; i++)
        {
            if (Modules[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}

public sealed record ModuleDefinition(
    string Name,
    IReadOnlyList<ModulePattern> Implementation,
    IReadOnlyList<ModulePattern> Contracts,
    Stage Stage,
    TablesPlan Tables,
    string Service)
{
    /// <summary>Extractable, shared kernel or host; see <see cref="ModuleRole"/>.</summary>
    public ModuleRole Role { get; init; } = ModuleRole.Module;

    /// <summary>Whether the tables settings of the plan claim a table for this module.</summary>
    /// <param name="schema">The table's schema; empty where the provider has none.</param>
    public bool Owns(string schema, string table) =>
        (Tables.Schema is { } owned && string.Equals(schema, owned, StringComparison.OrdinalIgnoreCase))
        || (Tables.Prefix is { } prefix && table.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        || Tables.Names.Any(name => string.Equals(name, schema.Length == 0 ? table : $"{schema}.{table}", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, table, StringComparison.OrdinalIgnoreCase));
}

public enum ModulePart
{
    Implementation,
    Contracts,
}
