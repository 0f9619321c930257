// The build of the migration toolkit: ./build.sh [--target=<Task>] [--configuration=Debug|Release]
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

var target = Argument("target", "Walkthrough");
var configuration = Argument("configuration", "Debug");

const string Solution = "./Migration.sln";
const string AppHost = "./hosting/Migration.AppHost/Migration.AppHost.csproj";
const string ArchitectureTests = "./tests/Architecture.Tests/Architecture.Tests.csproj";
const string CouplingBaseline = "./docs/analysis/coupling-baseline.json";
const string CouplingStatesFolder = "./docs/analysis/states";

/// <summary>
/// The states of the sample estate's migration: its code at a commit (null: this working tree) and the
/// modules extracted by then. The code differs because each extraction paid off, first, the debt that
/// would have crossed the new boundary (docs/known-debt.md, "Paid off").
/// </summary>
(string Name, string[] Extracted, string? Revision)[] CouplingStates =
[
    // All legacy, with Ordering's reference into Catalog's TaxPolicy and the Customers/Inventory/Ordering cycle.
    ("1-baseline", [], "26f7c10960c298e27aba1ddf5f084b076899c078"),
    // Catalog extracted, after the VAT rate moved onto Catalog's contract.
    ("2-catalog-extracted", ["catalog"], "680e207737e6daa9665344be6ee377f927119ae5"),
    // Inventory extracted too, after Ordering took over releasing the stock of its cancelled orders.
    ("3-catalog-and-inventory-extracted", ["catalog", "inventory"], null),
];
var artifacts = MakeAbsolute(Directory("./artifacts"));
var testResults = artifacts.Combine("test-results");

Task("Clean")
    .Description("Removes build outputs and artifacts.")
    .Does(() =>
{
    CleanDirectory(artifacts);
    DotNetClean(Solution, new DotNetCleanSettings { Configuration = configuration });
});

Task("Restore")
    .Description("Restores NuGet packages.")
    .Does(() => DotNetRestore(Solution));

Task("Build")
    .Description("Builds the whole solution; warnings are errors.")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(Solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
        MSBuildSettings = new DotNetMSBuildSettings().TreatAllWarningsAs(MSBuildTreatAllWarningsAs.Error),
    }));

Task("ArchGate")
    .Description("The architecture gate: the NetArchTest rules of the plan, then `migrate gate` against the coupling baseline.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .Append("test").Append("--project").AppendQuoted(ArchitectureTests)
            .Append("--no-build").Append("--configuration").Append(configuration),
    });
    if (exitCode != 0)
    {
        throw new CakeException("The architecture tests failed.");
    }

    CouplingGate();
});

Task("Images")
    .Description("Builds the container image of every host (deploy/docker/build-images.sh), on local base images where no registry is needed; skipped without a Docker daemon.")
    .Does(() =>
{
    if (!Succeeds("docker", "info"))
    {
        Information("No Docker daemon answers: the images are not built, and the image tests will say they skip.");
        return;
    }

    var exitCode = StartProcess("./deploy/docker/build-images.sh", new ProcessSettings { Arguments = "--auto-base" });
    if (exitCode != 0)
    {
        throw new CakeException($"Building the images failed (exit code {exitCode}).");
    }
});

Task("Test")
    .Description("Runs every test project (unit, integration on SQLite and PostgreSQL, end-to-end, AppHost, deployment, architecture) and the coupling gate.")
    .IsDependentOn("Build")
    // Built before the tests run, not while they run: the image tests then find them in Docker's cache.
    .IsDependentOn("Images")
    .Does(() =>
{
    CleanDirectory(testResults);
    var output = new List<string>();
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .Append("test").Append("--solution").AppendQuoted(Solution)
            .Append("--no-build").Append("--configuration").Append(configuration)
            .Append("--results-directory").AppendQuoted(testResults.FullPath)
            .Append("--report-xunit-trx"),
        RedirectStandardOutput = true,
        RedirectedStandardOutputHandler = line =>
        {
            if (line is not null)
            {
                Console.WriteLine(line);
                output.Add(line);
            }

            return line;
        },
    });

    // The run's own summary counts every test app; TRX files of apps finishing at the same moment can share a name.
    var (passed, failed, skipped) = SummarizeRun(output) ?? SummarizeTrx(testResults);
    System.IO.File.WriteAllText(testResults.CombineWithFilePath("summary.txt").FullPath, $"{passed} {failed} {skipped}\n");
    Information($"{passed} passed, {failed} failed, {skipped} skipped");
    if (exitCode != 0 || failed > 0)
    {
        // Repeated at the end, where the tail of a long log shows them.
        foreach (var report in FailureReports(output))
        {
            Error("{0}", report);
        }

        throw new CakeException($"Tests failed (dotnet test exited with {exitCode}).");
    }

    CouplingGate();
    CouplingStatesAreCurrent();
});

Task("SqlScripts")
    .Description("Writes the idempotent deployment scripts of every module, for SQL Server and PostgreSQL, to artifacts/sql/<provider>.")
    .IsDependentOn("Build")
    .Does(() =>
{
    foreach (var provider in new[] { "SqlServer", "PostgreSql" })
    {
        var output = artifacts.Combine("sql").Combine(provider.ToLowerInvariant());
        EnsureDirectoryExists(output);
        foreach (var module in new[] { "Catalog", "Inventory", "Customers", "Ordering" })
        {
            var file = output.CombineWithFilePath($"{module.ToLowerInvariant()}.sql");
            var exitCode = StartProcess("dotnet", new ProcessSettings
            {
                Arguments = new ProcessArgumentBuilder()
                    .Append("ef").Append("migrations").Append("script").Append("--idempotent").Append("--no-build")
                    .Append("--configuration").Append(configuration)
                    .Append("--project").AppendQuoted($"./legacy/Modules/{module}/{module}")
                    .Append("--startup-project").AppendQuoted("./legacy/Shop.Host")
                    .Append("--context").Append($"{module}DbContext")
                    .Append("--output").AppendQuoted(file.FullPath)
                    .Append("--").Append("--provider").Append(provider),
            });
            if (exitCode != 0)
            {
                throw new CakeException($"Script generation for {module} on {provider} failed.");
            }

            Information($"Wrote {file}");
        }
    }
});

Task("CouplingStates")
    .Description("Writes the coupling reports of the sample estate at three states of its migration, and the diffs between them, to docs/analysis/states.")
    .IsDependentOn("Build")
    .Does(() => WriteCouplingStates(Directory(CouplingStatesFolder)));

Task("Run")
    .Description("Writes the coupling report of the plan as it stands (artifacts/coupling), then starts the whole estate under the Aspire AppHost, with its dashboard.")
    .IsDependentOn("Build")
    .Does(() =>
{
    // The proxy's dashboard shows a coupling report only when given one: the plan's state, from this build.
    var couplingReport = artifacts.Combine("coupling").CombineWithFilePath("coupling.html");
    Migrate("analysis of the current state", new ProcessArgumentBuilder()
        .Append("analyze").Append("--plan").Append("migration.json")
        .Append("--assemblies").AppendQuoted(MonolithOutput())
        .Append("--output").AppendQuoted(couplingReport.GetDirectory().FullPath)
        .Append("--format").Append("html"));
    Information($"""

        Starting the estate. Where to look:
          Aspire dashboard  http://127.0.0.1:15080   (use the login link printed below)
          Front door        http://127.0.0.1:8080    StranglerProxy, routing by migration.json, e.g. /api/catalog/products
          Migration         http://127.0.0.1:8081/migration   the proxy's dashboard and admin API (on with Estate__AdminToken)
          Shop (legacy)     http://127.0.0.1:5080    the monolith itself, e.g. /openapi/v1.json, /health/ready
          Coupling report   {couplingReport.FullPath}
                            the plan's stages at start; also on the proxy's dashboard
        Press Ctrl+C to stop.

        """);
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        // After "--", arguments go to the AppHost, whose configuration reads them (Key=value).
        Arguments = new ProcessArgumentBuilder()
            .Append("run").Append("--project").AppendQuoted(AppHost)
            .Append("--no-build").Append("--configuration").Append(configuration)
            .Append("--launch-profile").Append("http")
            .Append("--").AppendQuoted($"Estate:CouplingReport={couplingReport.FullPath}"),
    });
    if (exitCode != 0 && exitCode != 130 && exitCode != 143)
    {
        throw new CakeException($"The AppHost exited with {exitCode}.");
    }
});

Task("Walkthrough")
    .Description("The main job: starts the estate, migrates catalog then inventory step by step under traffic, and reports (artifacts/walkthrough).")
    .IsDependentOn("Build")
    .Does(() => Migrate("walkthrough", new ProcessArgumentBuilder()
        .Append("--assemblies").AppendQuoted(MakeAbsolute(Directory(MonolithOutput())).FullPath)
        .Append("--output").AppendQuoted(artifacts.Combine("walkthrough").FullPath)));

Task("Default").IsDependentOn("Walkthrough");

RunTarget(target);

/// <summary>
/// Writes each state's coupling report and the diffs between consecutive states to <paramref name="folder"/>.
/// A state at a commit is built from that commit's sources (cached in artifacts) unless
/// <paramref name="pinnedFrom"/> gives its committed report, which cannot change with the working tree.
/// </summary>
void WriteCouplingStates(DirectoryPath folder, DirectoryPath? pinnedFrom = null)
{
    // The plan variants and the renamed reports are inputs, not documents: they stay in artifacts.
    var work = artifacts.Combine("coupling-states");
    EnsureDirectoryExists(work);
    CleanDirectory(work);
    var reports = new List<FilePath>();
    foreach (var (name, extracted, revision) in CouplingStates)
    {
        var output = folder.Combine(name);
        EnsureDirectoryExists(output);
        CleanDirectory(output);
        if (revision is not null && pinnedFrom is not null)
        {
            CopyFiles(GetFiles($"{pinnedFrom.Combine(name).FullPath}/*"), output);
        }
        else
        {
            var source = revision is null ? MakeAbsolute(Directory(".")) : SourcesAt(revision);
            var planFile = work.CombineWithFilePath($"{name}.plan.json");
            System.IO.File.WriteAllText(planFile.FullPath, PlanWithExtracted(source.CombineWithFilePath("migration.json"), extracted));
            Migrate($"analyze of state {name}", new ProcessArgumentBuilder()
                .Append("analyze").Append("--plan").AppendQuoted(planFile.FullPath)
                .Append("--assemblies").AppendQuoted(source.Combine(MonolithOutput()).FullPath)
                .Append("--output").AppendQuoted(MakeAbsolute(output).FullPath)
                .Append("--format").Append("json").Append("md").Append("html"));
        }

        // `migrate diff` heads its Markdown with the two file names: a copy named after the state says which is which.
        var report = work.CombineWithFilePath($"{name}.json");
        CopyFile(output.CombineWithFilePath("coupling.json"), report);
        reports.Add(report);
    }

    for (var i = 1; i < reports.Count; i++)
    {
        Migrate($"diff of states {i} and {i + 1}", new ProcessArgumentBuilder()
            .Append("diff").AppendQuoted(reports[i - 1].FullPath).AppendQuoted(reports[i].FullPath)
            .Append("--output").AppendQuoted(MakeAbsolute(folder.CombineWithFilePath($"diff-{i}-{i + 1}.md")).FullPath));
    }
}

/// <summary>The plan of <paramref name="planPath"/> with these modules at "extracted", every other module at "legacy", and today's shared and host modules.</summary>
string PlanWithExtracted(FilePath planPath, string[] extracted)
{
    var plan = JsonNode.Parse(System.IO.File.ReadAllText(planPath.FullPath))!;
    var modules = plan["modules"]!.AsObject();
    if (extracted.FirstOrDefault(m => !modules.ContainsKey(m)) is { } unknown)
    {
        throw new CakeException($"{planPath} has no module '{unknown}'.");
    }

    foreach (var (module, definition) in modules.Where(m => (string?)m.Value!["role"] is null or "module").ToList())
    {
        definition!["stage"] = extracted.Contains(module) ? "extracted" : "legacy";
    }

    // The shared and host modules are this working tree's, so that every state is read the same way.
    var current = JsonNode.Parse(System.IO.File.ReadAllText("./migration.json"))!["modules"]!.AsObject();
    foreach (var (module, definition) in current.Where(m => (string?)m.Value!["role"] is "shared" or "host" && !modules.ContainsKey(m.Key)).ToList())
    {
        modules[module] = definition!.DeepClone();
    }

    return plan.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}

/// <summary>The sources of a commit with the monolith built, exported once into artifacts/coupling-states-source.</summary>
DirectoryPath SourcesAt(string revision)
{
    var source = artifacts.Combine("coupling-states-source").Combine(revision[..12]);
    if (FileExists(source.Combine(MonolithOutput()).CombineWithFilePath("Shop.Host.dll")))
    {
        return source;
    }

    Information($"Building the monolith as of {revision[..12]} (once; cached in {source})...");
    EnsureDirectoryExists(source);
    CleanDirectory(source);
    var archive = artifacts.CombineWithFilePath($"coupling-states-source/{revision[..12]}.tar");
    if (StartProcess("git", new ProcessSettings { Arguments = $"archive --format=tar --output=\"{archive.FullPath}\" {revision}" }) != 0
        || StartProcess("tar", new ProcessSettings { Arguments = $"-xf \"{archive.FullPath}\" -C \"{source.FullPath}\"" }) != 0)
    {
        throw new CakeException($"Could not export commit {revision} (a clone with its history is needed).");
    }

    DeleteFile(archive);
    DotNetBuild(source.CombineWithFilePath("legacy/Shop.Host/Shop.Host.csproj").FullPath, new DotNetBuildSettings { Configuration = configuration });
    return source;
}

/// <summary>
/// Fails when docs/analysis/states no longer matches what the code and the plan give (the reports are
/// regenerated, not edited). States at a commit are taken as committed: their code cannot change (their
/// shared and host modules are this working tree's; after changing those, run CouplingStates again).
/// </summary>
void CouplingStatesAreCurrent()
{
    var fresh = artifacts.Combine("coupling-states-check");
    EnsureDirectoryExists(fresh);
    CleanDirectory(fresh);
    var committed = MakeAbsolute(Directory(CouplingStatesFolder));
    WriteCouplingStates(fresh, pinnedFrom: committed);
    var stale = GetFiles($"{fresh.FullPath}/**/*")
        .Select(file => fresh.GetRelativePath(file))
        .Where(relative => !FileExists(committed.CombineWithFilePath(relative))
            || System.IO.File.ReadAllText(committed.CombineWithFilePath(relative).FullPath) != System.IO.File.ReadAllText(fresh.CombineWithFilePath(relative).FullPath))
        .ToList();
    if (stale.Count > 0)
    {
        throw new CakeException($"docs/analysis/states is out of date ({string.Join(", ", stale)}): run ./build.sh --target=CouplingStates and commit the result.");
    }
}

/// <summary>`migrate gate` on the built monolith: fails on coupling that is new, or fixed but still in the baseline.</summary>
void CouplingGate()
{
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .AppendQuoted(MigrateDll())
            .Append("gate").Append("--baseline").AppendQuoted(CouplingBaseline)
            .Append("--plan").Append("migration.json")
            .Append("--assemblies").AppendQuoted(MonolithOutput()),
    });
    if (exitCode != 0)
    {
        throw new CakeException($"The coupling gate failed (exit code {exitCode}); see above, and docs/analysis.md.");
    }
}

/// <summary>Runs the built `migrate` CLI with these arguments; fails the task, naming what failed, on a non-zero exit.</summary>
void Migrate(string what, ProcessArgumentBuilder arguments)
{
    // The walkthrough is the sample's own command; every other step is `migrate`, as a user runs it.
    var command = new ProcessArgumentBuilder().AppendQuoted(what == "walkthrough" ? WalkthroughDll() : MigrateDll());
    foreach (var argument in arguments)
    {
        command.Append(argument);
    }

    var exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = command });
    if (exitCode != 0)
    {
        throw new CakeException($"migrate: the {what} failed (exit code {exitCode}).");
    }
}

/// <summary>The built `migrate` CLI.</summary>
string MigrateDll() => $"./tools/Migrate.Cli/bin/{configuration}/net10.0/migrate.dll";

string WalkthroughDll() => $"./tools/Shop.Walkthrough/bin/{configuration}/net10.0/walkthrough.dll";

/// <summary>The build output of the monolith: its assemblies, and the EF Core providers its DbContext models need.</summary>
string MonolithOutput() => $"./legacy/Shop.Host/bin/{configuration}/net10.0";

/// <summary>The totals `dotnet test` prints at the end of a run ("  total: N", "  failed: N", ...), if it got that far.</summary>
static (int Passed, int Failed, int Skipped)? SummarizeRun(IReadOnlyList<string> output)
{
    int? Last(string label) => output.Select(l => l.Trim()).Where(l => l.StartsWith(label + ":", StringComparison.Ordinal))
        .Select(l => int.TryParse(l[(label.Length + 1)..].Trim(), out var n) ? n : (int?)null).LastOrDefault(n => n is not null);
    return Last("succeeded") is { } passed && Last("failed") is { } failed
        ? (passed, failed, Last("skipped") ?? 0)
        : null;
}

/// <summary>Sums the TRX files of a run: (passed, failed, skipped).</summary>
static (int Passed, int Failed, int Skipped) SummarizeTrx(DirectoryPath folder)
{
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in System.IO.Directory.EnumerateFiles(folder.FullPath, "*.trx", SearchOption.AllDirectories))
    {
        var counters = XDocument.Load(trx).Descendants().First(e => e.Name.LocalName == "Counters");
        int Count(string name) => int.TryParse(counters.Attribute(name)?.Value, out var n) ? n : 0;
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted");
    }

    return (passed, failed, skipped);
}

/// <summary>
/// The report of each failed test in the output of `dotnet test`: its "failed" line and the indented lines
/// under it (its test app, message and stack), at most <paramref name="maxLines"/> lines in all.
/// </summary>
static IEnumerable<string> FailureReports(IReadOnlyList<string> output, int maxLines = 20)
{
    for (var i = 0; i < output.Count; i++)
    {
        if (output[i].StartsWith("failed ", StringComparison.Ordinal))
        {
            var indented = output.Skip(i + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal));
            yield return string.Join("\n", indented.Prepend(output[i]).Take(maxLines));
        }
    }
}

/// <summary>Whether a command runs and exits with 0 (quietly); false when it is not installed.</summary>
bool Succeeds(string file, string arguments)
{
    try
    {
        return StartProcess(file, new ProcessSettings { Arguments = arguments, RedirectStandardOutput = true, RedirectStandardError = true }) == 0;
    }
    catch (Exception)
    {
        return false;
    }
}
