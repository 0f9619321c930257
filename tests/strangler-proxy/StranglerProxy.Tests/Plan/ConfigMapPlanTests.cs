using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Plan;

/// <summary>
/// In Kubernetes the plan is a ConfigMap mounted as a folder, and the kubelet changes it by swapping a
/// symlink, not by editing the file. A flip made that way must be picked up like an edit.
/// </summary>
public sealed class ConfigMapPlanTests(ConfigMapPlanTests.ConfigMapProxyHost host) : IClassFixture<ConfigMapPlanTests.ConfigMapProxyHost>
{
    private const string Path = "/api/catalog/items";

    [Fact]
    public async Task ConfigMapUpdate_SymlinkSwap_FlipsTheRoutes()
    {
        Assert.Equal("legacy", (await host.Client.SendAsync(HttpMethod.Get, Path)).Echo!.Backend);
        Assert.NotNull(new FileInfo(host.PlanPath).LinkTarget);

        host.Volume.Project(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted")));

        await Eventually.MatchAsync(
            async () => (await host.Client.SendAsync(HttpMethod.Get, Path)).Echo?.Backend,
            backend => backend == ProxyHost.Service,
            "requests go to the extracted service once the ConfigMap's new version is projected");

        host.Volume.Project(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "legacy")));

        await Eventually.MatchAsync(
            async () => (await host.Client.SendAsync(HttpMethod.Get, Path)).Echo?.Backend,
            backend => backend == "legacy",
            "requests go back to the monolith after the next projection");
    }

    /// <summary>The proxy with its plan in a folder laid out as the kubelet lays out a ConfigMap volume.</summary>
    public sealed class ConfigMapProxyHost : ProxyHost
    {
        public ConfigMapVolume Volume => field ??= new ConfigMapVolume(System.IO.Path.GetDirectoryName(PlanPath)!, System.IO.Path.GetFileName(PlanPath));

        public override async ValueTask InitializeAsync()
        {
            Volume.Project(InitialPlan);
            await base.InitializeAsync();
        }
    }
}
