using System.Text;
using System.Text.RegularExpressions;
using Plan;

namespace Migration.Analysis.Init;

/// <summary>A module of the draft plan, the patterns of its code, and why it was guessed so.</summary>
public sealed record DraftModule(string Name, ModuleRole Role, IReadOnlyList<string> Implementation, IReadOnlyList<string> Contracts, string Why);

/// <summary>
/// Guesses the modules of an application from the names of its assemblies and namespaces: a segment
/// "Modules" followed by a name ("Shop.Modules.Catalog", "Clinic.Web.Modules.Billing") makes a module;
/// a last segment such as "Contracts" or "IntegrationEvents" makes its contracts. The entry assembly is
/// the host. Assemblies are looked at first; only an application without module assemblies has its modules
/// in namespaces. Without any "Modules" segment, each of the application's other assemblies is a module.
/// </summary>
public static partial class ModuleGuess
{
    private static readonly string[] ContractSuffixes = ["Contracts", "IntegrationEvents", "Abstractions", "PublicApi"];

    public static IReadOnlyList<DraftModule> Modules(BuildOutput output, List<string> notes)
    {
        var modules = new Dictionary<string, (List<string> Implementation, List<string> Contracts, string Why)>(StringComparer.Ordinal);
        var assemblyModules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in output.Application.Where(a => a.Name != output.EntryAssembly))
        {
            if (ModuleSegment().Match(assembly.Name) is { Success: true } match)
            {
                var entry = Entry(modules, match.Groups["name"].Value, $"assemblies named *.Modules.{match.Groups["name"].Value}*");
                (IsContracts(match.Groups["rest"].Value) ? entry.Contracts : entry.Implementation).Add(assembly.Name);
                assemblyModules.Add(assembly.Name);
            }
        }

        // One scheme per application: with module assemblies, a "Modules" namespace elsewhere (a shared
        // library's "Modules.Facades") is not a module of its own.
        foreach (var assembly in output.Application.Where(a => assemblyModules.Count == 0))
        {
            foreach (var ns in assembly.Namespaces)
            {
                if (ModuleSegment().Match(ns) is not { Success: true } match)
                {
                    continue;
                }

                var root = ns[..(match.Groups["name"].Index + match.Groups["name"].Length)];
                var entry = Entry(modules, match.Groups["name"].Value, $"namespace {root} in {assembly.Name}");
                var pattern = ModulePatternText(IsContracts(match.Groups["rest"].Value) ? $"{root}.{FirstSegment(match.Groups["rest"].Value)}" : root);
                var list = IsContracts(match.Groups["rest"].Value) ? entry.Contracts : entry.Implementation;
                if (!list.Contains(pattern))
                {
                    list.Add(pattern);
                }
            }
        }

        if (modules.Count == 0)
        {
            foreach (var assembly in output.Application.Where(a => a.Name != output.EntryAssembly))
            {
                Entry(modules, assembly.Name.Split('.')[^1], $"assembly {assembly.Name}").Implementation.Add(assembly.Name);
            }

            notes.Add("No assembly or namespace has a \"Modules\" segment: each of the application's assemblies is a module. Merge or split them as your modules really are.");
        }

        var result = modules
            .Where(m => m.Value.Implementation.Count > 0 || m.Value.Contracts.Count > 0)
            .Select(m => new DraftModule(m.Key, ModuleRole.Module,
                m.Value.Implementation.Count > 0 ? m.Value.Implementation : m.Value.Contracts,
                m.Value.Implementation.Count > 0 ? m.Value.Contracts : [],
                m.Value.Why))
            .ToList();

        if (output.EntryAssembly is { } host)
        {
            result.Add(new DraftModule(UniqueName("host", result), ModuleRole.Host, [host], [], $"{host} is the entry assembly (it has a runtimeconfig.json)"));
        }
        else
        {
            notes.Add("No entry assembly (no *.runtimeconfig.json) in the build output: no host module. Point -a at the host's build output.");
        }

        return result;
    }

    /// <summary>A plan name for a .NET name: "BuildingBlocks" -> "building-blocks", "Shop.SharedKernel" -> "shared-kernel".</summary>
    public static string PlanName(string dotnetName)
    {
        var last = dotnetName.Split('.')[^1];
        var name = new StringBuilder();
        for (var i = 0; i < last.Length; i++)
        {
            var c = last[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (char.IsUpper(c) && i > 0 && name.Length > 0 && name[^1] != '-' && (char.IsLower(last[i - 1]) || (i + 1 < last.Length && char.IsLower(last[i + 1]))))
                {
                    name.Append('-');
                }

                name.Append(char.ToLowerInvariant(c));
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        var text = name.ToString().Trim('-');
        return text.Length > 0 && char.IsAsciiLetterLower(text[0]) ? text : "m-" + text;
    }

    public static string UniqueName(string name, IEnumerable<DraftModule> taken)
    {
        var names = taken.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var candidate = name;
        for (var i = 2; names.Contains(candidate); i++)
        {
            candidate = $"{name}-{i}";
        }

        return candidate;
    }

    private static (List<string> Implementation, List<string> Contracts, string Why) Entry(
        Dictionary<string, (List<string> Implementation, List<string> Contracts, string Why)> modules, string dotnetName, string why)
    {
        var name = PlanName(dotnetName);
        if (!modules.TryGetValue(name, out var entry))
        {
            entry = ([], [], why);
            modules[name] = entry;
        }

        return entry;
    }

    private static bool IsContracts(string rest) => rest.Length > 0 && ContractSuffixes.Contains(FirstSegment(rest), StringComparer.Ordinal);

    private static string FirstSegment(string rest) => rest.TrimStart('.').Split('.')[0];

    private static string ModulePatternText(string ns) => Migration.Analysis.Modules.ModulePattern.NamespacePrefix + ns;

    /// <summary>"...Modules.{name}" and what follows it (".Contracts", ".Application.Commands").</summary>
    [GeneratedRegex(@"(?:^|\.)Modules\.(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<rest>(?:\.[A-Za-z0-9_.]+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleSegment();
}
