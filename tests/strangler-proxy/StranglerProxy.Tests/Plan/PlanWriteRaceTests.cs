using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plan.Transitions;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Plan;

/// <summary>
/// The plan file has more than one writer: the admin API, `migrate stage --plan` (the same engine, offline),
/// an operator's editor. Racing them must never lose a change silently: each write is compare-and-swap.
/// </summary>
public sealed class PlanWriteRaceTests(PlanWriteRaceTests.TwoModulesHost host) : IClassFixture<PlanWriteRaceTests.TwoModulesHost>
{
    private const int Rounds = 100;

    public sealed class TwoModulesHost : ProxyHost
    {
        protected override string InitialPlan => PlanJson.With(
            new ModuleSpec("catalog", Service, "legacy"), new ModuleSpec("inventory", Service, "legacy"));
    }

    [Fact]
    public async Task AdminApiAndPlanFileWriter_Racing_NeitherChangeIsLost()
    {
        using var admin = host.CreateAdminClient();
        var conflicts = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var (catalog, inventory) = round % 2 == 0 ? ("shadow", "shadow") : ("legacy", "legacy");
            var throughApi = Task.Run(async () =>
            {
                while (true)
                {
                    using var response = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
                        new { stage = catalog, reason = $"race {round}" }, TestContext.Current.CancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }

                    Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                    Interlocked.Increment(ref conflicts);
                }
            }, TestContext.Current.CancellationToken);
            var throughFile = Task.Run(async () =>
            {
                while (true)
                {
                    // A fresh read each time, as a new `migrate stage --plan` would do.
                    var audit = new AuditFile(host.AuditPath);
                    var offline = new StageTransitions(new PlanFileVersions(host.PlanPath, audit: audit), new WithoutAProxy(), new WithoutAProxy(),
                        audit, TimeProvider.System);
                    var result = await offline.RunAsync(new StageChange("inventory", Enum.Parse<Stage>(inventory, ignoreCase: true), null, $"race {round}", "editor"),
                        TestContext.Current.CancellationToken);
                    if (result.Applied)
                    {
                        return;
                    }

                    Assert.Equal(StageChangeOutcome.Conflict, result.Outcome);
                    Interlocked.Increment(ref conflicts);
                }
            }, TestContext.Current.CancellationToken);
            await Task.WhenAll(throughApi, throughFile);

            var plan = JsonNode.Parse(await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken))!["modules"]!;
            Assert.Equal((catalog, inventory), (plan["catalog"]!["stage"]!.GetValue<string>(), plan["inventory"]!["stage"]!.GetValue<string>()));
        }

        // How often a writer found the plan changed under it and was refused (then read again), for the log.
        TestContext.Current.TestOutputHelper?.WriteLine($"{conflicts} conflicts in {Rounds} rounds");
    }

    [Fact]
    public async Task AdminApiAndAnEditorsSave_Racing_TheEditorsSaveIsNeverOverwritten()
    {
        using var admin = host.CreateAdminClient();
        for (var round = 0; round < Rounds; round++)
        {
            var marker = $"editor-{round}";
            var throughApi = Task.Run(async () =>
            {
                using var response = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
                    new { stage = round % 2 == 0 ? "shadow" : "legacy", reason = $"race {round}" }, TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
            }, TestContext.Current.CancellationToken);
            var editor = Task.Run(async () =>
            {
                // An editor saving in place: read, change one value, write the file over.
                var plan = JsonNode.Parse(await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken))!;
                plan["modules"]!["inventory"]!["shadow"] = new JsonObject { ["ignore"] = new JsonArray($"$.{marker}") };
                await File.WriteAllTextAsync(host.PlanPath, plan.ToJsonString(), TestContext.Current.CancellationToken);
            }, TestContext.Current.CancellationToken);
            await Task.WhenAll(throughApi, editor);

            var saved = JsonNode.Parse(await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken))!;
            Assert.Equal($"$.{marker}", saved["modules"]!["inventory"]!["shadow"]!["ignore"]![0]!.GetValue<string>());
        }
    }
}
