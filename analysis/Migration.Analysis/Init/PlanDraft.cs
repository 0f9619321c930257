using System.Text.Json;
using System.Text.Json.Nodes;
using Migration.Analysis.Modules;
using Migration.Analysis.Reports;
using Plan;

namespace Migration.Analysis.Init;

/// <summary>A draft migration.json, what was guessed for it, and what a person must check.</summary>
public sealed record PlanDraft(JsonObject Plan, IReadOnlyList<DraftModule> Modules, IReadOnlyList<string> Guessed, IReadOnlyList<string> Check)
{
    /// <summary>The plan as a file: indented, modules in the order extractable, shared, host.</summary>
    public string ToJson() => Plan.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    /// <summary>
    /// Drafts a plan from a build output: modules and roles from assembly and namespace names (a shared
    /// module is an application assembly that modules use and that is none of them), tables from the EF
    /// Core models and SQL the analysis finds, routes from an OpenAPI document when one is given.
    /// </summary>
    /// <param name="openApi">The OpenAPI document's text and where it came from; null to guess routes from module names.</param>
    public static PlanDraft Create(BuildOutput output, (string Text, string Source)? openApi, IProgress<string>? progress = null)
    {
        // A bad document fails the command before the analysis runs.
        var operations = openApi is { } document ? OpenApiRoutes.Read(document.Text, document.Source) : null;
        if (output.Application.Count == 0)
        {
            throw new AnalysisException($"{output.Folder}: no application here (no *.runtimeconfig.json beside an assembly); point -a at the build output of the application's host.");
        }

        var check = new List<string>();
        var modules = ModuleGuess.Modules(output, check).ToList();
        if (modules.All(m => m.Role != ModuleRole.Module))
        {
            throw new AnalysisException($"No modules found in {output.Folder}: the application's assemblies are {string.Join(", ", output.Application.Select(a => a.Name))}.");
        }

        // A first pass finds which of the application's other assemblies the modules use: those are shared.
        progress?.Report("Looking for shared code");
        var first = Analyzer.Analyze(new AnalysisRequest(output.Files, Map(modules)) { ReadEfModels = false });
        var assigned = modules.SelectMany(m => m.Implementation.Concat(m.Contracts)).ToHashSet(StringComparer.Ordinal);
        var moduleNames = modules.Where(m => m.Role == ModuleRole.Module).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var dependency in first.External.Where(d => output.Application.Any(a => a.Name == d.Assembly) && !assigned.Contains(d.Assembly)))
        {
            if (dependency.UsedBy.Any(moduleNames.Contains))
            {
                modules.Add(new DraftModule(ModuleGuess.UniqueName(ModuleGuess.PlanName(dependency.Assembly), modules), ModuleRole.Shared, [dependency.Assembly], [],
                    $"{dependency.Assembly} is used by {string.Join(", ", dependency.UsedBy.Where(moduleNames.Contains))}, and is no module"));
            }
        }

        var left = output.Application.Select(a => a.Name).Where(name => !modules.Any(m => m.Implementation.Concat(m.Contracts).Contains(name))).ToList();
        if (left.Count > 0)
        {
            check.Add($"In no module (the host uses them, or nothing does): {string.Join(", ", left)}. They stay with the monolith.");
        }

        progress?.Report("Reading the EF Core models and SQL for tables");
        var report = Analyzer.Analyze(new AnalysisRequest(output.Files, Map(modules)), progress);
        var tables = TableOwnership.Assign(report, moduleNames, check);

        var routes = operations is not null
            ? OpenApiRoutes.Assign(operations, openApi!.Value.Source, [.. moduleNames], check)
            : new Dictionary<string, IReadOnlyList<string>>();
        foreach (var module in moduleNames.Where(m => !routes.ContainsKey(m)).Order(StringComparer.Ordinal))
        {
            check.Add(openApi is null
                ? $"{module}: routes guessed from its name (/api/{module}/{{**rest}}); give --openapi to take them from the application's OpenAPI document."
                : $"{module}: no operation of the OpenAPI document belongs to it; its route is guessed from its name (/api/{module}/{{**rest}}).");
        }

        var guessed = modules.Select(m => $"{m.Name} ({m.Role.ToPlanName()}): {m.Why}").ToList();
        guessed.AddRange(tables.Select(t => $"{t.Key} owns {Describe(t.Value)}"));
        var plan = Write(output, modules, tables, routes);
        return new PlanDraft(plan, modules, guessed, check);
    }

    private static ModuleMap Map(IEnumerable<DraftModule> modules) =>
        ModuleMap.FromPatterns(modules.Select(m => (m.Name, m.Role, m.Implementation, m.Contracts)));

    private static string Describe(TablesPlan tables) =>
        tables.Schema is { } schema ? $"the tables of schema {schema}" : $"the tables {string.Join(", ", tables.Names)}";

    private static JsonObject Write(BuildOutput output, IReadOnlyList<DraftModule> modules, IReadOnlyDictionary<string, TablesPlan> tables,
        IReadOnlyDictionary<string, IReadOnlyList<string>> routes)
    {
        var plan = new JsonObject
        {
            ["$schema"] = "./migration.schema.json",
            ["legacy"] = new JsonObject
            {
                ["service"] = "legacy",
                ["assemblies"] = Array(output.Application.Select(a => a.Name)),
            },
        };
        var json = new JsonObject();
        foreach (var module in modules.Where(m => m.Role == ModuleRole.Module).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            var entry = new JsonObject { ["implementation"] = Array(module.Implementation) };
            if (module.Contracts.Count > 0)
            {
                entry["contracts"] = Array(module.Contracts);
            }

            if (tables.TryGetValue(module.Name, out var owned))
            {
                entry["tables"] = owned.Schema is { } schema ? new JsonObject { ["schema"] = schema } : new JsonObject { ["names"] = Array(owned.Names) };
            }

            entry["routes"] = Array(routes.TryGetValue(module.Name, out var found) ? found : [$"/api/{module.Name}/{{**rest}}"]);
            entry["service"] = $"{module.Name}-service";
            entry["stage"] = "legacy";
            json[module.Name] = entry;
        }

        foreach (var module in modules.Where(m => m.Role != ModuleRole.Module).OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.Ordinal))
        {
            json[module.Name] = new JsonObject { ["role"] = module.Role.ToPlanName(), ["implementation"] = Array(module.Implementation) };
        }

        plan["modules"] = json;
        return plan;
    }

    private static JsonArray Array(IEnumerable<string> items) => [.. items.Select(i => (JsonNode)JsonValue.Create(i))];
}
