using System.CommandLine;
using Migration.Analysis;
using Migration.Analysis.Modules;
using Migration.Analysis.Reading;
using Plan;

namespace Migrate.Cli.Commands;

/// <summary>The options that say what to analyse, shared by `analyze` and `gate`.</summary>
internal sealed class AnalysisInputOptions
{
    public Option<string> Plan { get; } = new("--plan")
    {
        Description = "The migration plan: module map, stages and tables.",
        DefaultValueFactory = _ => "migration.json",
    };

    public Option<string[]> Assemblies { get; } = new("--assemblies", "-a")
    {
        Description = "Assembly files or folders of *.dll to analyse (a build output folder, for instance).",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Modules { get; } = new("--module", "-m")
    {
        Description = "Instead of the plan: a module as name=pattern[,pattern]; a pattern is an assembly name (* wildcard) or namespace:Prefix. Repeatable.",
    };

    public Option<string[]> Contracts { get; } = new("--contracts")
    {
        Description = "With --module: the contracts of a module as name=pattern[,pattern]. Repeatable.",
    };

    public Option<string[]> Shared { get; } = new("--shared")
    {
        Description = "With --module or --namespace-depth: a shared kernel as name=pattern[,pattern]; it ships in every deployable, so references into it never cross. Repeatable.",
    };

    public Option<string[]> Host { get; } = new("--host")
    {
        Description = "With --module or --namespace-depth: the composition root's patterns; its references to modules are wiring, not blockers.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<int?> NamespaceDepth { get; } = new("--namespace-depth")
    {
        Description = "Instead of the plan: one module per namespace prefix of this many segments.",
    };

    public Option<string?> WhatIf { get; } = new("--what-if")
    {
        Description = "See this module in its own service, on top of the plan's stages.",
    };

    public Option<bool> NoEfModels { get; } = new("--no-ef-models")
    {
        Description = "Do not load DbContexts to read their EF Core models (tables then come from SQL text only).",
    };

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[Plan, Assemblies, Modules, Contracts, Shared, Host, NamespaceDepth, WhatIf, NoEfModels])
        {
            command.Options.Add(option);
        }
    }

    /// <exception cref="AnalysisException">Bad module options or missing assemblies.</exception>
    /// <exception cref="InvalidPlanException">The plan cannot be read.</exception>
    public AnalysisRequest ToRequest(ParseResult parse)
    {
        var files = AssemblySet.Collect(parse.GetValue(Assemblies)!);
        var modules = parse.GetValue(Modules) ?? [];
        var depth = parse.GetValue(NamespaceDepth);
        var roles = Roles(parse);
        if (roles.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { Key: var repeated })
        {
            throw new AnalysisException($"'{repeated}' is named twice by --shared and --host.");
        }

        ModuleMap map;
        if (depth is { } namespaceDepth)
        {
            if (roles.SelectMany(r => r.Implementation).FirstOrDefault(p => !p.StartsWith(ModulePattern.NamespacePrefix, StringComparison.Ordinal)) is { } assemblyPattern)
            {
                throw new AnalysisException($"With --namespace-depth, give --shared and --host as namespace: patterns (modules are namespaces then); '{assemblyPattern}' is not one.");
            }

            // A role claims the namespaces under its patterns: the discovered modules there give way to it.
            var claimed = roles.SelectMany(r => r.Implementation).Select(ModulePattern.Parse).ToList();
            var discovered = NamespaceModules.Discover(files, namespaceDepth).Modules
                .Where(m => roles.All(r => r.Name != m.Name) && !m.Implementation.Any(p => claimed.Any(c => c.Matches(assembly: "", @namespace: p.Text))));
            map = new ModuleMap([.. discovered.Concat(ModuleMap.FromPatterns(roles).Modules).OrderBy(m => m.Name, StringComparer.Ordinal)]);
        }
        else if (modules.Length > 0)
        {
            var contracts = (parse.GetValue(Contracts) ?? []).Select(ParseModule).ToDictionary(m => m.Name, m => m.Patterns, StringComparer.Ordinal);
            var parsed = modules.Select(ParseModule).ToList();
            if (contracts.Keys.FirstOrDefault(name => parsed.All(m => m.Name != name)) is { } orphan)
            {
                throw new AnalysisException($"--contracts names module '{orphan}', which no --module defines.");
            }

            if (roles.FirstOrDefault(r => parsed.Any(m => m.Name == r.Name)) is { Name: { } twice })
            {
                throw new AnalysisException($"'{twice}' is named both as a module and as shared or host.");
            }

            map = ModuleMap.FromPatterns(parsed
                .Select(m => (m.Name, ModuleRole.Module, m.Patterns, contracts.GetValueOrDefault(m.Name) ?? (IReadOnlyList<string>)[]))
                .Concat(roles));
        }
        else if (roles.Count > 0)
        {
            throw new AnalysisException("--shared and --host go with --module or --namespace-depth; with a plan, give modules their role there (\"role\": \"shared\" or \"host\").");
        }
        else
        {
            map = ModuleMap.FromPlan(PlanFile.Load(parse.GetValue(Plan)!));
        }

        return new AnalysisRequest(files, map)
        {
            WhatIf = parse.GetValue(WhatIf),
            ReadEfModels = !parse.GetValue(NoEfModels),
        };
    }

    /// <summary>The --shared and --host modules; the host is named "host".</summary>
    private List<(string Name, ModuleRole Role, IReadOnlyList<string> Implementation, IReadOnlyList<string> Contracts)> Roles(ParseResult parse)
    {
        var roles = (parse.GetValue(Shared) ?? []).Select(ParseModule)
            .Select(m => (m.Name, ModuleRole.Shared, m.Patterns, (IReadOnlyList<string>)[]))
            .ToList();
        if (parse.GetValue(Host) is { Length: > 0 } host)
        {
            roles.Add(("host", ModuleRole.Host, [.. host.SelectMany(h => h.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))], []));
        }

        return roles;
    }

    private static (string Name, IReadOnlyList<string> Patterns) ParseModule(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new AnalysisException($"'{text}' is not name=pattern[,pattern].");
        }

        var patterns = text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (patterns.FirstOrDefault(p => ModulePattern.Parse(p) is { Kind: ModulePatternKind.Namespace, Text.Length: 0 }) is { } empty)
        {
            throw new AnalysisException($"'{empty}' names no namespace (it would match only types outside any namespace); write namespace:Your.Namespace.");
        }

        return (text[..equals], patterns);
    }
}
