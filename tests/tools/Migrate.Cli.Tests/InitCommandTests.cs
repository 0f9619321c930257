using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Testing.Support;

namespace Migrate.Cli.Tests;

/// <summary>
/// `migrate init` on two applications shaped differently: Shop (a module per assembly, a DbContext per
/// module) and Clinic (modules as namespaces of one web app, one shared DbContext, MVC, raw SQL).
/// </summary>
public sealed class InitCommandTests
{
    [Fact]
    public async Task Init_Clinic_DraftsItsModulesRolesTablesAndRoutesFromTheOpenApiDocument()
    {
        using var workspace = new Workspace();
        await using var clinic = await AppProcess.StartAsync(Path.Combine(BuildOutputs.Clinic, "Clinic.Web.dll"));

        var result = await workspace.RunAsync("init", "-a", BuildOutputs.Clinic, "--openapi", new Uri(clinic.Address, "openapi/v1.json").ToString(), "-o", "clinic/migration.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var modules = Modules(workspace.PathOf("clinic/migration.json"));
        Assert.Equal(
            [
                "billing: module [namespace:Clinic.Web.Modules.Billing] contracts [] tables schema=billing routes [/api/invoices/{**rest}]",
                "host: host [Clinic.Web] contracts [] tables - routes []",
                "patients: module [namespace:Clinic.Web.Modules.Patients] contracts [namespace:Clinic.Web.Modules.Patients.Contracts] tables schema=patients routes [/api/patients/{**rest}]",
                "reporting: module [namespace:Clinic.Web.Modules.Reporting] contracts [] tables - routes [/api/reports/{**rest}]",
                "scheduling: module [namespace:Clinic.Web.Modules.Scheduling] contracts [] tables schema=scheduling routes [/api/appointments/{**rest}]",
                "shared-kernel: shared [Clinic.SharedKernel] contracts [] tables - routes []",
            ],
            modules);
        Assert.Contains("shared-kernel (shared): Clinic.SharedKernel is used by billing, patients, reporting, scheduling", result.Out, StringComparison.Ordinal);
        Assert.Contains("host (host): Clinic.Web is the entry assembly", result.Out, StringComparison.Ordinal);
        Assert.Contains("Check before you rely on it:", result.Out, StringComparison.Ordinal);
        Assert.Empty(SchemaErrors(workspace.PathOf("clinic/migration.json")));
        Assert.Empty(new Plan.PlanParser().Parse(await File.ReadAllTextAsync(workspace.PathOf("clinic/migration.json"), TestContext.Current.CancellationToken), "migration.json").Errors);
        // The fixture's committed plan, which the proxy's and the architecture rules' tests use, is this draft.
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("tests", "fixtures", "Clinic", "migration.json"), TestContext.Current.CancellationToken))!.AsObject();
        var drafted = JsonNode.Parse(await File.ReadAllTextAsync(workspace.PathOf("clinic/migration.json"), TestContext.Current.CancellationToken))!.AsObject();
        committed.Remove("$schema");
        drafted.Remove("$schema");
        Assert.Equal(committed.ToJsonString(), drafted.ToJsonString());
    }

    [Fact]
    public async Task Analyze_ClinicWithTheDraftedPlan_ReportsItsDataCouplingExactlyWithOwners()
    {
        using var workspace = new Workspace();
        var init = await workspace.RunAsync("init", "-a", BuildOutputs.Clinic, "-o", "clinic/migration.json");
        Assert.True(init.ExitCode == 0, init.ToString());

        var result = await workspace.RunAsync("analyze", "--plan", "clinic/migration.json", "-a", BuildOutputs.Clinic, "--what-if", "reporting", "-f", "json", "-o", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(await File.ReadAllTextAsync(workspace.PathOf("out/coupling.json"), TestContext.Current.CancellationToken))!;
        // The one shared DbContext maps each module's tables for that module; reporting reads two of them in SQL.
        Assert.Equal(
            [
                "billing.invoice_lines owner billing: billing mapped, billing sql",
                "billing.invoices owner billing: billing mapped, billing sql, reporting sql",
                "patients.patients owner patients: patients mapped",
                "scheduling.appointments owner scheduling: reporting sql, scheduling mapped",
            ],
            report["tables"]!.AsArray().Select(t => $"{t!["table"]} owner {t["owner"]}: {string.Join(", ", t["usedBy"]!.AsArray().Select(u => $"{u!["module"]} {u["kind"]}").Distinct())}"));
        var foreignTables = report["blockers"]!.AsArray().Where(b => (string)b!["kind"]! == "foreign-table").Select(b => $"{b!["from"]} -> {b["to"]}");
        Assert.Equal(["reporting -> billing", "reporting -> scheduling"], foreignTables);
        // Scheduling reaches patients through its contracts only; the shared kernel and the host's wiring never block.
        var edges = report["edges"]!.AsArray();
        Assert.Equal((2, 0), edges.Where(e => (string)e!["from"]! == "scheduling" && (string)e["to"]! == "patients").Select(e => ((int)e!["intoContracts"]!, (int)e["intoImplementation"]!)).Single());
        Assert.DoesNotContain(report["blockers"]!.AsArray(), b => (string)b!["to"]! == "shared-kernel" || (string)b["from"]! == "host");
        Assert.Empty(report["cycles"]!.AsArray());
    }

    [Fact]
    public async Task Gate_Clinic_AcceptsItsKnownCouplingAndFailsOnNewCoupling()
    {
        using var workspace = new Workspace();
        var plan = Repository.PathOf("tests", "fixtures", "Clinic", "migration.json");
        var created = await workspace.RunAsync("gate", "--baseline", "clinic-baseline.json", "--plan", plan, "-a", BuildOutputs.Clinic, "--update");
        Assert.True(created.ExitCode == 0, created.ToString());
        var baseline = JsonNode.Parse(await File.ReadAllTextAsync(workspace.PathOf("clinic-baseline.json"), TestContext.Current.CancellationToken))!["items"]!.AsArray().Select(i => (string)i!).ToList();

        // The data coupling is what the gate holds: reporting's SQL on billing's and scheduling's tables.
        Assert.Equal(
            [
                "foreign table reporting -> billing: billing.invoices (sql: Clinic.Web.Modules.Reporting.ReportQueries)",
                "foreign table reporting -> scheduling: scheduling.appointments (sql: Clinic.Web.Modules.Reporting.ReportQueries)",
            ],
            baseline.Where(i => i.StartsWith("foreign table", StringComparison.Ordinal)));
        var passed = await workspace.RunAsync("gate", "--baseline", "clinic-baseline.json", "--plan", plan, "-a", BuildOutputs.Clinic);
        Assert.True(passed.ExitCode == 0, passed.ToString());

        // Without reporting's known item, the same code fails the gate and names it.
        var trimmed = new JsonObject { ["formatVersion"] = 1, ["items"] = new JsonArray([.. baseline.Where(i => !i.Contains("reporting -> billing", StringComparison.Ordinal)).Select(i => (JsonNode)JsonValue.Create(i))]) };
        await File.WriteAllTextAsync(workspace.PathOf("clinic-baseline.json"), trimmed.ToJsonString(), TestContext.Current.CancellationToken);
        var failed = await workspace.RunAsync("gate", "--baseline", "clinic-baseline.json", "--plan", plan, "-a", BuildOutputs.Clinic);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("NEW    foreign table reporting -> billing: billing.invoices", failed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_Shop_DraftsWhatItsPlanSays()
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync("init", "-a", BuildOutputs.Shop, "-o", "shop/migration.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var drafted = Modules(workspace.PathOf("shop/migration.json"), withRoutes: false);
        var planned = Modules(Repository.PathOf("migration.json"), withRoutes: false);
        Assert.Equal(planned, drafted);
        Assert.Empty(SchemaErrors(workspace.PathOf("shop/migration.json")));
    }

    [Fact]
    public async Task Init_ExistingPlan_IsKeptUnlessForced()
    {
        using var workspace = new Workspace();

        var refused = await workspace.RunAsync("init", "-a", BuildOutputs.Shop);
        var forced = await workspace.RunAsync("init", "-a", BuildOutputs.Shop, "--force");

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"migrate: {workspace.PathOf("migration.json")} exists; give --force to overwrite it, or --output another file.", refused.Error.Trim());
        Assert.True(forced.ExitCode == 0, forced.ToString());
    }

    [Theory]
    [InlineData("no-such-folder", null, "migrate: no-such-folder: no such folder; give the build output of the application (for example bin/Debug/net10.0 of its host).")]
    [InlineData(null, "no-such.json", "migrate: --openapi no-such.json: no such file.")]
    [InlineData(null, "migration.json", "migrate: migration.json: not an OpenAPI document (no \"paths\" object).")]
    public async Task Init_BadInput_ExitsWithOneLine(string? assemblies, string? openApi, string expected)
    {
        using var workspace = new Workspace();

        var result = await workspace.RunAsync(["init", "-a", assemblies ?? BuildOutputs.Clinic, "-o", "new.json", .. openApi is null ? Array.Empty<string>() : ["--openapi", openApi]]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.Error.Trim());
        Assert.False(File.Exists(workspace.PathOf("new.json")));
    }

    [Fact]
    public async Task Init_Clinic_SchemaRefusesTheDraftWithASharedModuleGivenRoutes()
    {
        using var workspace = new Workspace();
        var init = await workspace.RunAsync("init", "-a", BuildOutputs.Clinic, "-o", "clinic/migration.json");
        Assert.True(init.ExitCode == 0, init.ToString());
        var path = workspace.PathOf("clinic/migration.json");
        var plan = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!;

        plan["modules"]!["shared-kernel"]!["routes"] = new JsonArray("/api/kernel/{**rest}");
        await File.WriteAllTextAsync(path, plan.ToJsonString(), TestContext.Current.CancellationToken);

        // The schema and the proxy's parser refuse it alike.
        Assert.NotEmpty(SchemaErrors(path));
        Assert.Equal("$.modules.shared-kernel.routes", Assert.Single(new Plan.PlanParser().Parse(plan.ToJsonString(), "migration.json").Errors).Path);
    }

    [Fact]
    public async Task Init_LibraryOutputWithoutAnApplication_SaysWhereToPoint()
    {
        using var workspace = new Workspace();
        var library = Repository.PathOf("analysis", "Migration.Architecture", "bin", BuildOutputs.Configuration, "net10.0");

        var result = await workspace.RunAsync("init", "-a", library, "-o", "new.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"migrate: {library}: no application here (no *.runtimeconfig.json beside an assembly); point -a at the build output of the application's host.", result.Error.Trim());
    }

    /// <summary>Each module of a plan in one line: role, code, contracts, tables, routes.</summary>
    private static List<string> Modules(string planPath, bool withRoutes = true)
    {
        var modules = JsonNode.Parse(File.ReadAllText(planPath))!["modules"]!.AsObject();
        return [.. modules.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m =>
        {
            var module = m.Value!;
            var tables = module["tables"] is { } t ? string.Join(",", t.AsObject().Select(p => $"{p.Key}={p.Value!.ToJsonString().Trim('"')}")) : "-";
            var line = $"{m.Key}: {(string?)module["role"] ?? "module"} [{List(module["implementation"])}] contracts [{List(module["contracts"])}] tables {tables}";
            return withRoutes ? $"{line} routes [{List(module["routes"])}]" : line;
        })];
    }

    private static string List(JsonNode? array) => array is null ? "" : string.Join(", ", array.AsArray().Select(n => (string)n!));

    /// <summary>The plan's schema; read once, as schemas register themselves by their $id.</summary>
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Repository.PathOf("migration.schema.json"))));

    /// <summary>What migration.schema.json says is wrong with the plan; the copy written beside it must be that schema.</summary>
    private static List<string> SchemaErrors(string planPath)
    {
        Assert.Equal(File.ReadAllText(Repository.PathOf("migration.schema.json")), File.ReadAllText(Path.Combine(Path.GetDirectoryName(planPath)!, "migration.schema.json")));
        var results = Schema.Value.Evaluate(JsonDocument.Parse(File.ReadAllText(planPath)).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? [] : [.. (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
    }
}
