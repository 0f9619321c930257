using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Plan;

namespace Deploy.Tests.Containers;

/// <summary>The images build, start as a non-root user, answer their health checks and serve the estate together.</summary>
public sealed class ContainerEstateTests(ContainerEstate estate) : IClassFixture<ContainerEstate>
{
    private const string CatalogRoute = "/api/catalog/products";
    private const string ServedBy = "X-Migration-Served-By";

    [Fact]
    public async Task EveryImage_RunsAsNonRootAndAnswersItsHealthEndpoints()
    {
        estate.SkipWhenUnavailable();
        using var http = new HttpClient();

        foreach (var (name, port) in estate.Containers)
        {
            var uid = await estate.DockerAsync("exec", name, "id", "-u");
            Assert.Equal(ContainerEstate.NonRootUid, uid.Output.Trim());
            var management = estate.ManagementPorts[name];
            foreach (var address in new[] { $"http://127.0.0.1:{port}/health/live", $"http://127.0.0.1:{management}/health/live", $"http://127.0.0.1:{management}/health/ready" })
            {
                using var response = await http.GetAsync(address, TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name} answered {response.StatusCode} on {address}");
            }

            // Readiness with its details and the metrics are not on the traffic port.
            foreach (var path in new[] { "/health/ready", "/metrics" })
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}{path}", TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{name} answered {response.StatusCode} on its traffic port's {path}");
            }
        }

        Assert.Equal(4, estate.Containers.Count);
    }

    [Fact]
    public async Task Proxy_FollowsAnEditOfItsReadOnlyPlanMount_AndRoutesToTheServiceContainer()
    {
        estate.SkipWhenUnavailable();
        using var http = new HttpClient { BaseAddress = estate.ProxyAddress };
        using (var before = await http.GetAsync(CatalogRoute, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.Equal("legacy", before.Headers.GetValues(ServedBy).Single());
        }

        await SetCatalogStageAsync(Stage.Extracted);
        try
        {
            await Eventually.MatchAsync(
                async () =>
                {
                    using var response = await http.GetAsync(CatalogRoute, TestContext.Current.CancellationToken);
                    return (response.StatusCode, ServedBy: response.Headers.TryGetValues(ServedBy, out var values) ? values.Single() : null);
                },
                answer => answer is (HttpStatusCode.OK, "extracted"),
                "the proxy container serves the catalog from the service container once the mounted plan says extracted");
        }
        finally
        {
            await SetCatalogStageAsync(Stage.Legacy);
        }
    }

    [Fact]
    public async Task AdminApi_PlanMountedReadOnly_Answers409AndChangesNothing()
    {
        estate.SkipWhenUnavailable();
        var planBefore = await File.ReadAllTextAsync(estate.PlanPath, TestContext.Current.CancellationToken);
        using var admin = new HttpClient { BaseAddress = estate.ProxyManagementAddress };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", ContainerEstate.AdminToken);

        using var response = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "shadow", reason = "flip through a read-only mount", force = true }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("ConfigMap", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(planBefore, await File.ReadAllTextAsync(estate.PlanPath, TestContext.Current.CancellationToken));
    }

    /// <summary>An operator's edit on the host side of the read-only mount: the whole file replaced at once.</summary>
    private async Task SetCatalogStageAsync(Stage stage)
    {
        var plan = await File.ReadAllTextAsync(estate.PlanPath, TestContext.Current.CancellationToken);
        var updated = PlanEdit.SetStage(plan, "catalog", stage, percent: null) ?? throw new InvalidOperationException("No catalog module in the plan.");
        await PlanEdit.WriteAtomicallyAsync(estate.PlanPath, updated, TestContext.Current.CancellationToken);
        File.SetUnixFileMode(estate.PlanPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
