using Deploy.Tests.Infrastructure;

namespace Deploy.Tests.Containers;

/// <summary>
/// The estate's images, built from their Dockerfiles by deploy/docker/build-images.sh (Docker's layer
/// cache makes a rebuild of unchanged sources quick; the build's Images target runs it first). Without
/// a registry (this CI) they build on local base images, where this machine has or can make them.
/// Tests skip, saying why, where there is no Docker daemon.
/// </summary>
public sealed class EstateImages : IAsyncLifetime
{
    public const string Tag = "dev";
    public const string Legacy = "shop-legacy";
    public const string Catalog = "catalog-service";
    public const string Inventory = "inventory-service";
    public const string Proxy = "strangler-proxy";

    public string? UnavailableReason { get; private set; }

    public string Docker { get; private set; } = "docker";

    public async ValueTask InitializeAsync()
    {
        if (Tool.Find("docker") is not { } docker)
        {
            UnavailableReason = "Docker is not installed, so the images cannot be built (.ci/run installs it).";
            return;
        }

        Docker = docker;
        var info = await Tool.RunAsync(docker, ["info", "--format", "{{.ServerVersion}}"]);
        if (info.ExitCode != 0)
        {
            UnavailableReason = $"No Docker daemon answers ({info.Error.Trim()}); start one (.ci/run does, with --bridge=none --iptables=false).";
            return;
        }

        var build = await Tool.RunAsync(Repository.PathOf("deploy", "docker", "build-images.sh"), ["--tag", Tag, "--auto-base"],
            timeout: TimeSpan.FromMinutes(25));
        Assert.True(build.ExitCode == 0, build.Describe("deploy/docker/build-images.sh"));
    }

    public void SkipWhenUnavailable() => Assert.SkipWhen(UnavailableReason is not null, UnavailableReason ?? "");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
