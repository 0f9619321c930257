using System.Net;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Routing;

/// <summary>Who serves what, per stage, through the real proxy in front of two real backends.</summary>
public sealed class StageRoutingTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    private const string Path = "/api/catalog/products?page=1";

    [Theory]
    [InlineData("legacy", "legacy")]
    [InlineData("shadow", "legacy")]
    [InlineData("extracted", ProxyHost.Service)]
    [InlineData("retired", ProxyHost.Service)]
    public async Task Request_ModuleAtStage_IsServedByTheStagesOwner(string stage, string backend)
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, stage)));

        var get = await host.Client.SendAsync(HttpMethod.Get, Path);
        var post = await host.Client.SendAsync(HttpMethod.Post, "/api/catalog/products");

        Assert.All([get, post], served =>
        {
            Assert.Equal(HttpStatusCode.OK, served.Status);
            Assert.Equal(backend, served.Echo!.Backend);
            Assert.Equal(backend == "legacy" ? "legacy" : "extracted", served.ServedBy);
        });
        Assert.Equal(Path, get.Echo!.Path);
    }

    [Fact]
    public async Task Request_PathNoModuleClaims_GoesToLegacy()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "retired")));

        var served = await host.Client.SendAsync(HttpMethod.Get, "/some/old/page");

        Assert.Equal("legacy", served.Echo!.Backend);
        Assert.Equal("legacy", served.ServedBy);
    }

    [Fact]
    public async Task Canary_SafeRequests_TheConfiguredShareOfUsersReadsFromTheService()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", 30)));

        var served = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => host.Client.GetAsUserAsync(Path, $"user-{i}")));

        var share = served.Count(s => s.Echo!.Backend == ProxyHost.Service) / 4.0;
        Assert.InRange(share, 20, 40);
        Assert.All(served, s => Assert.Equal(s.Echo!.Backend == ProxyHost.Service ? "extracted" : "legacy", s.ServedBy));
    }

    [Fact]
    public async Task Canary_SameUser_IsServedByTheSameSideEveryTime()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", 50)));

        foreach (var user in Enumerable.Range(0, 20).Select(i => $"sticky-{i}"))
        {
            var sides = new HashSet<string>();
            for (var i = 0; i < 5; i++)
            {
                sides.Add((await host.Client.GetAsUserAsync(Path, user)).Echo!.Backend);
            }

            Assert.Single(sides);
        }
    }

    [Fact]
    public async Task Canary_Writes_AlwaysGoToTheDataOwner()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", 100)));

        var read = await host.Client.GetAsUserAsync(Path, "writer");
        var write = await host.Client.SendAsync(HttpMethod.Post, "/api/catalog/products", new Dictionary<string, string> { ["X-User-Id"] = "writer" });
        var delete = await host.Client.SendAsync(HttpMethod.Delete, "/api/catalog/products/1", new Dictionary<string, string> { ["X-User-Id"] = "writer" });

        Assert.Equal(ProxyHost.Service, read.Echo!.Backend);
        Assert.Equal("legacy", write.Echo!.Backend);
        Assert.Equal("legacy", delete.Echo!.Backend);
    }

    [Fact]
    public async Task Canary_RequestWithoutStickyKey_StaysOnLegacy()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", 99)));

        var served = await host.Client.SendAsync(HttpMethod.Get, Path);

        Assert.Equal("legacy", served.Echo!.Backend);
    }

    [Fact]
    public async Task Canary_Reloads_KeepEveryAssignedUserAssignedWhileThePercentGrows()
    {
        var users = Enumerable.Range(0, 200).Select(i => $"reload-{i}").ToList();
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", 20)));
        var before = await ExtractedUsersAsync(users);

        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", 20), new ModuleSpec("ordering", "legacy", "legacy")));
        var afterUnrelatedReload = await ExtractedUsersAsync(users);
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", 45)));
        var afterGrowth = await ExtractedUsersAsync(users);

        Assert.NotEmpty(before);
        Assert.Equal(before, afterUnrelatedReload);
        Assert.Superset(before, afterGrowth);
        Assert.True(afterGrowth.Count > before.Count);
    }

    [Fact]
    public async Task Override_WithTesterSecret_ChoosesTheTargetAndNeverReachesTheBackend()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));

        var served = await host.Client.SendAsync(HttpMethod.Get, Path, new Dictionary<string, string>
        {
            ["X-Migration-Target"] = "extracted",
            ["X-Migration-Tester-Secret"] = ProxyHost.TesterSecret,
        });

        Assert.Equal(ProxyHost.Service, served.Echo!.Backend);
        Assert.Equal("extracted", served.ServedBy);
        Assert.DoesNotContain("x-migration-target", served.Echo.Headers.Keys);
        Assert.DoesNotContain("x-migration-tester-secret", served.Echo.Headers.Keys);
    }

    [Theory]
    [InlineData("canary", "extracted", "legacy")]
    [InlineData("shadow", "extracted", "legacy")]
    [InlineData("extracted", "legacy", "catalog-service")]
    public async Task Override_OnAWrite_IsIgnoredAndTheWriteGoesToTheDataOwner(string stage, string requested, string owner)
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, stage, stage == "canary" ? 0 : null)));

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            var served = await host.Client.SendAsync(method, Path, new Dictionary<string, string>
            {
                ["X-Migration-Target"] = requested,
                ["X-Migration-Tester-Secret"] = ProxyHost.TesterSecret,
            });

            Assert.Equal(owner, served.Echo!.Backend);
            Assert.DoesNotContain("x-migration-target", served.Echo.Headers.Keys);
            Assert.DoesNotContain("x-migration-tester-secret", served.Echo.Headers.Keys);
        }
    }

    [Fact]
    public async Task Override_OnAPathNoModuleClaims_IsStripped()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));

        var served = await host.Client.SendAsync(HttpMethod.Get, "/somewhere/else", new Dictionary<string, string>
        {
            ["X-Migration-Target"] = "extracted",
            ["X-Migration-Tester-Secret"] = ProxyHost.TesterSecret,
        });

        Assert.Equal("legacy", served.Echo!.Backend);
        Assert.DoesNotContain("x-migration-target", served.Echo.Headers.Keys);
        Assert.DoesNotContain("x-migration-tester-secret", served.Echo.Headers.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    public async Task Override_WithoutTheRightSecret_IsStrippedAndIgnored(string? secret)
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));
        var headers = new Dictionary<string, string> { ["X-Migration-Target"] = "extracted" };
        if (secret is not null)
        {
            headers["X-Migration-Tester-Secret"] = secret;
        }

        var served = await host.Client.SendAsync(HttpMethod.Get, Path, headers);

        Assert.Equal("legacy", served.Echo!.Backend);
        Assert.DoesNotContain("x-migration-target", served.Echo.Headers.Keys);
        Assert.DoesNotContain("x-migration-tester-secret", served.Echo.Headers.Keys);
    }

    [Fact]
    public async Task Request_ThroughTheProxy_CarriesForwardedHeadersAndTraceContext()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));
        const string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        // A client that sends our traceparent as is (this process also listens to HttpClient activities).
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = host.Client.BaseAddress };

        var served = await client.SendAsync(HttpMethod.Get, Path, new Dictionary<string, string> { ["traceparent"] = traceparent });

        Assert.Contains("x-forwarded-for", served.Echo!.Headers.Keys);
        Assert.Contains("x-forwarded-host", served.Echo.Headers.Keys);
        Assert.StartsWith("00-0af7651916cd43dd8448eb211c80319c-", served.Echo.Headers["traceparent"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Response_BackendErrorWithEmptyBody_PassesThroughUntouched(int status)
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));

        using var response = await host.Client.GetAsync($"/api/catalog/missing?status={status}", TestContext.Current.CancellationToken);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("legacy", response.Headers.GetValues("X-Migration-Served-By").Single());
    }

    private async Task<HashSet<string>> ExtractedUsersAsync(IEnumerable<string> users)
    {
        var served = await Task.WhenAll(users.Select(async u => (User: u, Served: await host.Client.GetAsUserAsync(Path, u))));
        return served.Where(s => s.Served.Echo!.Backend == ProxyHost.Service).Select(s => s.User).ToHashSet();
    }
}
