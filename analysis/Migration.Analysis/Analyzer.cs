using System.Collections.Concurrent;
using System.Diagnostics;
using Migration.Analysis.Data;
using Migration.Analysis.Graph;
using Migration.Analysis.Modules;
using Migration.Analysis.Reading;
using Migration.Analysis.Reports;
using Migration.Analysis.Stages;

namespace Migration.Analysis;

/// <summary>What to analyse and how to read it.</summary>
public sealed record AnalysisRequest(IReadOnlyList<string> AssemblyFiles, ModuleMap Map)
{
    /// <summary>A module to see in its own service, on top of the plan's stages; null for the plan as it is.</summary>
    public string? WhatIf { get; init; }

    /// <summary>Read each module's EF Core model for the tables it maps (loads and instantiates its DbContexts).</summary>
    public bool ReadEfModels { get; init; } = true;
}

/// <summary>Runs an analysis: scan the assemblies, fold into modules, find tables, partition by stage, rank.</summary>
public static class Analyzer
{
    /// <exception cref="AnalysisException">A corrupt assembly, or a module whose assemblies are missing.</exception>
    public static AnalysisReport Analyze(AnalysisRequest request, IProgress<string>? progress = null)
    {
        var scenario = request.WhatIf is { } module ? WhatIf(request.Map, module) : Scenario.Current(request.Map);
        var clock = Stopwatch.StartNew();
        var assemblies = Scan(request.AssemblyFiles, request.Map, progress);
        progress?.Report($"Scanned {assemblies.Count} assemblies in {clock.Elapsed.TotalSeconds:0.00} s");
        var warnings = new List<string>();
        CheckCompleteness(request.Map, assemblies, warnings);

        clock.Restart();
        var graph = ModuleGraph.Build(request.Map, assemblies);
        progress?.Report($"Folded {assemblies.Sum(a => a.References.Count)} type references into {graph.Edges.Count} module dependencies in {clock.Elapsed.TotalSeconds:0.00} s");
        var tables = FindTableUses(request, assemblies, warnings, progress);
        clock.Restart();
        var report = ReportBuilder.Build(graph, tables, scenario, [.. assemblies.Select(a => a.Name)], warnings);
        progress?.Report($"Partitioned by stage and ranked in {clock.Elapsed.TotalSeconds:0.00} s");
        return report;
    }

    private static Scenario WhatIf(ModuleMap map, string module)
    {
        try
        {
            return Scenario.WhatIf(map, module);
        }
        catch (ArgumentException ex)
        {
            throw new AnalysisException(ex.Message[..ex.Message.IndexOf(" (Parameter", StringComparison.Ordinal)]);
        }
    }

    private static IReadOnlyList<ScannedAssembly> Scan(IReadOnlyList<string> files, ModuleMap map, IProgress<string>? progress)
    {
        var results = new ScannedAssembly[files.Count];
        var done = 0;
        var failures = new ConcurrentBag<string>();
        var modules = new ModuleResolver(map);
        // Largest files first, handed out one at a time: a big assembly started last would leave one core idle.
        var bySize = Enumerable.Range(0, files.Count).OrderByDescending(i => new FileInfo(files[i]).Length).ToList();
        var work = Partitioner.Create(bySize, EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                results[i] = AssemblyScanner.Scan(files[i], modules);
            }
            catch (BadImageFormatException ex)
            {
                failures.Add($"{files[i]}: not a readable .NET assembly ({FirstLine(ex.Message)})");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                failures.Add($"{files[i]}: {FirstLine(ex.Message)}");
            }

            var finished = Interlocked.Increment(ref done);
            if (finished % 50 == 0 || finished == files.Count)
            {
                progress?.Report($"Scanned {finished}/{files.Count} assemblies");
            }
        });

        if (!failures.IsEmpty)
        {
            throw new AnalysisException($"Cannot read {failures.Order(StringComparer.Ordinal).First()}" + (failures.Count > 1 ? $" (and {failures.Count - 1} more)" : ""));
        }

        // One copy per assembly name, the first given.
        return [.. results.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).OrderBy(a => a.Name, StringComparer.Ordinal)];
    }

    /// <summary>Every module must be present, and no module's code may lean on a module assembly that is absent.</summary>
    private static void CheckCompleteness(ModuleMap map, IReadOnlyList<ScannedAssembly> assemblies, List<string> warnings)
    {
        var names = assemblies.Select(a => a.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var module in map.Modules)
        {
            foreach (var pattern in module.Implementation.Concat(module.Contracts).Where(p => p.Kind == ModulePatternKind.Assembly))
            {
                if (!names.Any(name => Glob.IsMatch(name, pattern.Text)))
                {
                    throw new AnalysisException($"Module '{module.Name}' names assembly '{pattern.Text}', which is not among the {assemblies.Count} analysed assemblies.");
                }
            }
        }

        foreach (var assembly in assemblies.Where(a => a.Types.Count > 0))
        {
            foreach (var referenced in assembly.ReferencedAssemblies.Where(r => !names.Contains(r)))
            {
                if (map.TryResolve(referenced, "", out var module, out _) && map.Modules[module].Implementation.Concat(map.Modules[module].Contracts).Any(p => p.Kind == ModulePatternKind.Assembly))
                {
                    throw new AnalysisException($"{assembly.Name} references {referenced} (module '{map.Modules[module].Name}'), which is not among the analysed assemblies.");
                }
            }
        }

        if (assemblies.All(a => a.Types.Count == 0))
        {
            warnings.Add("No analysed type belongs to any module: check the module patterns.");
        }
    }

    private static IReadOnlyList<TableUse> FindTableUses(AnalysisRequest request, IReadOnlyList<ScannedAssembly> assemblies, List<string> warnings, IProgress<string>? progress)
    {
        // SQL text is matched per assembly on every core; the uses keep the assemblies' order.
        var sqlUses = new List<TableUse>[assemblies.Count];
        Parallel.For(0, assemblies.Count, i => sqlUses[i] = [.. assemblies[i].SqlTexts.SelectMany(sql =>
        {
            var type = assemblies[i].Types[sql.From];
            var module = request.Map.Modules[type.Module].Name;
            return SqlTableFinder.Find(sql.Text).Select(table => new TableUse(module, table, TableUseKind.Sql, type.FullName));
        })]);
        var uses = sqlUses.SelectMany(u => u).ToList();

        if (request.ReadEfModels)
        {
            var withDbContexts = assemblies
                .Where(a => a.Types.Any(t => t.Part == ModulePart.Implementation) && a.ReferencedAssemblies.Contains("Microsoft.EntityFrameworkCore", StringComparer.Ordinal))
                .ToList();
            foreach (var assembly in withDbContexts)
            {
                progress?.Report($"Reading the EF Core model of {assembly.Name}");
                uses.AddRange(DbContextModelReader.Read(assembly.Path,
                    (name, ns) => request.Map.TryResolve(name, ns, out var module, out var part) && part == ModulePart.Implementation ? request.Map.Modules[module] : null,
                    warnings));
            }
        }

        return uses;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
