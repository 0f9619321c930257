using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Deploy.Tests.Compose;

/// <summary>The Compose file runs the estate on PostgreSQL, and the admin API flips through its writable plan volume.</summary>
public sealed class ComposeEstateTests(ComposeEstate estate) : IClassFixture<ComposeEstate>
{
    [Fact]
    public async Task ComposeUp_ServesThroughTheProxy_AndTheAdminApiChangesThePlanEveryHostReads()
    {
        estate.SkipWhenUnavailable();
        using var http = new HttpClient { BaseAddress = estate.ProxyAddress };
        using (var products = await http.GetAsync("/api/catalog/products", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, products.StatusCode);
            Assert.Equal("legacy", products.Headers.GetValues("X-Migration-Served-By").Single());
        }

        http.DefaultRequestHeaders.Authorization = new("Bearer", ComposeEstate.AdminToken);
        using var change = await http.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "shadow", reason = "compose test", actor = "test" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        // The plan volume is shared: the service's DataSync worker reads the same file the proxy wrote.
        var worker = await estate.ContainerOfAsync("catalog-sync");
        var plan = await Infrastructure.Tool.RunAsync(estate.Images.Docker, ["exec", worker, "cat", "/etc/migration/migration.json"]);
        var stage = JsonDocument.Parse(plan.Output).RootElement.GetProperty("modules").GetProperty("catalog").GetProperty("stage").GetString();
        Assert.Equal("shadow", stage);
    }
}
