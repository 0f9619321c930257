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
        foreach (var option in (Option[])[Plan, Assemblies, Modules, Contracts, NamespaceDepth, WhatIf, NoEfModels])
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
        ModuleMap map;
        if (depth is { } namespaceDepth)
        {
            map = NamespaceModules.Discover(files, namespaceDepth);
        }
        else if (modules.Length > 0)
        {
            var contracts = (parse.GetValue(Contracts) ?? []).Select(ParseModule).ToDictionary(m => m.Name, m => m.Patterns, StringComparer.Ordinal);
            var parsed = modules.Select(ParseModule).ToList();
            if (contracts.Keys.FirstOrDefault(name => parsed.All(m => m.Name != name)) is { } orphan)
            {
                throw new AnalysisException($"--contracts names module '{orphan}', which no --module defines.");
            }

            map = ModuleMap.FromPatterns(parsed.Select(m => (m.Name, m.Patterns, contracts.GetValueOrDefault(m.Name) ?? (IReadOnlyList<string>)[])));
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

    private static (string Name, IReadOnlyList<string> Patterns) ParseModule(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new AnalysisException($"'{text}' is not name=pattern[,pattern].");
        }

        return (text[..equals], text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
