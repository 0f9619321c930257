using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Migrate.Cli.Commands;
using Migration.Analysis;
using Plan;

namespace Shop.Walkthrough;

/// <summary>
/// The walkthrough: starts the sample estate (the AppHost's topology, embedded defaults), drives
/// traffic through the front door, and migrates each module step by step, printing a row per step;
/// ends with a Markdown and an HTML report, and a non-zero exit code if any step broke its promise.
/// </summary>
internal static class WalkthroughCommand
{
    public static RootCommand Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for the plan, the databases and the report (emptied first).", DefaultValueFactory = _ => Path.Combine("artifacts", "walkthrough") };
        var plan = new Option<string>("--plan") { Description = "The estate's plan; the walkthrough works on a copy with every module at legacy.", DefaultValueFactory = _ => "migration.json" };
        var assemblies = new Option<string>("--assemblies", "-a") { Description = "The monolith's build output, for the coupling analysis.", DefaultValueFactory = _ => Path.Combine("legacy", "Shop.Host", "bin", "Debug", "net10.0") };
        var modules = new Option<string[]>("--module", "-m") { Description = "A module to extract, in order (repeatable).", DefaultValueFactory = _ => ["catalog", "inventory"], AllowMultipleArgumentsPerToken = true };
        var rate = new Option<double>("--rate") { Description = "Requests per second through the front door during the run.", DefaultValueFactory = _ => 20 };
        var observe = new Option<int>("--observe") { Description = "Seconds to watch each canary share and the extracted module under traffic.", DefaultValueFactory = _ => 8 };
        var timeout = new Option<int>("--step-timeout") { Description = "Seconds a step may wait for its condition (backfill, drained sync, promotion gate).", DefaultValueFactory = _ => 180 };
        var command = new RootCommand("Migrate the sample estate (Shop) step by step, live, under traffic, with the toolkit, and report what happened.");
        foreach (var option in new Option[] { output, plan, assemblies, modules, rate, observe, timeout })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new WalkthroughOptions(
                Path.GetFullPath(parse.GetValue(output)!), Path.GetFullPath(parse.GetValue(plan)!), Path.GetFullPath(parse.GetValue(assemblies)!),
                parse.GetValue(modules)!, parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(observe)), TimeSpan.FromSeconds(parse.GetValue(timeout)));
            return RunAsync(options).GetAwaiter().GetResult();
        }));
        return command;
    }

    private static async Task<int> RunAsync(WalkthroughOptions options)
    {
        var source = PlanFile.Load(options.Plan);
        if (options.Modules.FirstOrDefault(m => !source.Modules.ContainsKey(m)) is { } unknown)
        {
            throw new AnalysisException($"No module named '{unknown}' in {options.Plan}; the modules are {string.Join(", ", source.Modules.Keys.Order(StringComparer.Ordinal))}.");
        }

        if (options.RequestsPerSecond is <= 0 or > 1000)
        {
            throw new AnalysisException("--rate must be from 0 (exclusive) to 1000 requests per second.");
        }

        if (options.CanaryObservation < TimeSpan.Zero || options.StepTimeout < TimeSpan.Zero)
        {
            throw new AnalysisException("--observe and --step-timeout must be 0 seconds or more.");
        }

        if (!File.Exists(Path.Combine(options.Assemblies, "Shop.Host.dll")))
        {
            throw new AnalysisException($"{options.Assemblies}: no built monolith here; build the solution first (dotnet build Migration.sln).");
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        var progress = new Progress(Console.Error);
        var clock = Stopwatch.StartNew();
        var (planPath, dataFolder) = Prepare(options);
        progress.Say($"Starting the estate (monolith, front door, {string.Join(" and ", options.Modules.Select(m => $"{m}-service"))} with their sync workers) from {options.Output}...");
        await using var estate = await RunningEstate.StartAsync(planPath, dataFolder, CouplingReport(options), options.Modules, progress, cancellation.Token);
        using var proxy = new HttpClient { BaseAddress = estate.Endpoint("proxy"), Timeout = TimeSpan.FromSeconds(30) };
        using var admin = new ProxyAdminClient(estate.ManagementOf("proxy").ToString(), estate.AdminToken);
        var traffic = await Traffic.PrepareAsync(proxy, options.RequestsPerSecond, cancellation.Token);
        using var stopTraffic = CancellationTokenSource.CreateLinkedTokenSource(cancellation.Token);
        var running = traffic.RunAsync(stopTraffic.Token);
        progress.Say(string.Create(CultureInfo.InvariantCulture, $"Estate up in {clock.Elapsed.TotalSeconds:0} s; traffic at {options.RequestsPerSecond:0.#} requests/s through {proxy.BaseAddress}."));
        progress.Say($"Watch it live: {new Uri(estate.ManagementOf("proxy"), "migration")}#token={estate.AdminToken}");

        var table = new StepTable(Console.Out);
        table.WriteHeader();
        using var run = new WalkthroughRun(options, PlanFile.Load(planPath), estate, traffic, admin, progress, table);
        await run.RunAsync(cancellation.Token);
        await stopTraffic.CancelAsync();
        await running;

        var totals = new WalkthroughTotals(options.Modules.Count, clock.Elapsed,
            traffic.Modules.Values.Sum(t => t.Legacy + t.Service + t.FailedCount), traffic.Modules.Values.Sum(t => t.FailedCount), run.Steps.Count(s => s.Broken is not null));
        var (markdown, html) = WalkthroughReport.Write(run, totals);
        await File.WriteAllTextAsync(Path.Combine(options.Output, "walkthrough.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(options.Output, "walkthrough.html"), html);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{totals.Requests} requests, {totals.Failed} failed; {totals.Broken} step(s) broke a promise; {totals.Took.TotalMinutes:0.0} min."));
        Console.WriteLine($"Report: {Path.Combine(options.Output, "walkthrough.md")} and walkthrough.html");
        return totals.Passed ? 0 : CommandRunner.Failed;
    }

    /// <summary>The coupling report of the current state, which the walkthrough rewrites and the dashboard shows.</summary>
    internal static string CouplingReport(WalkthroughOptions options) => Path.Combine(options.Output, "coupling.html");

    /// <summary>An empty output folder with the plan (every module at legacy) and a folder for the databases.</summary>
    private static (string Plan, string Data) Prepare(WalkthroughOptions options)
    {
        if (Directory.Exists(options.Output))
        {
            Directory.Delete(options.Output, recursive: true);
        }

        var data = Directory.CreateDirectory(Path.Combine(options.Output, "data")).FullName;
        // Comments are allowed in a plan, as its parser allows them.
        var plan = JsonNode.Parse(File.ReadAllText(options.Plan), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        // Shared and host modules have no stage: they are never extracted.
        foreach (var (_, module) in plan["modules"]!.AsObject().Where(m => (string?)m.Value!["role"] is null or "module"))
        {
            module!["stage"] = "legacy";
            // Canary shares are sticky per user session, as a shop would have them (the traffic has many).
            module["canary"] = new JsonObject { ["percent"] = 0, ["stickyBy"] = $"header:{Traffic.SessionHeader}" };
        }

        var path = Path.Combine(options.Output, "migration.json");
        File.WriteAllText(path, plan.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        return (path, data);
    }
}
