using System.Text.Json.Nodes;
using Deploy.Tests.Grafana;
using Deploy.Tests.Kubernetes;

namespace Deploy.Tests.Compose;

/// <summary>
/// Prometheus and Grafana in compose.yaml: a profile of their own that a plain "up" leaves out, on this machine only,
/// provisioned read-only from deploy/grafana, and scraping every management port the Compose file gives a host.
/// </summary>
public sealed class ObservabilityProfileTests
{
    private static readonly string GrafanaFolder = Repository.PathOf("deploy", "grafana");

    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void Compose_ObservabilityProfile_HoldsPrometheusAndGrafanaOnlyAndAPlainUpLeavesItOut()
    {
        var profiled = _compose.Services.Where(s => s.Value!["profiles"] is not null)
            .ToDictionary(s => s.Key, s => s.Value!["profiles"]!.AsArray().Select(p => (string)p!).ToList());

        // Compose starts a service with profiles only when one of them is asked for; every other service always.
        Assert.Equal(["grafana", "prometheus"], profiled.Keys.Order(StringComparer.Ordinal));
        Assert.All(profiled.Values, profiles => Assert.Equal(["observability"], profiles));
    }

    [Fact]
    public void Compose_PrometheusAndGrafana_ListenOnThisMachineOnlyFromImagesTheEnvironmentMayReplace()
    {
        foreach (var (service, variable) in new[] { ("prometheus", "PROMETHEUS_IMAGE"), ("grafana", "GRAFANA_IMAGE") })
        {
            Assert.Equal("host", (string?)_compose.Service(service)["network_mode"]);
            Assert.StartsWith($"${{{variable}:-", (string)_compose.Service(service)["image"]!, StringComparison.Ordinal);
        }

        Assert.Contains("--web.listen-address=127.0.0.1:9090", PrometheusCommand);
        Assert.Equal("127.0.0.1", _compose.Environment("grafana", "GF_SERVER_HTTP_ADDR"));
        // Grafana's data source is that Prometheus (the provisioning file takes its address from the environment).
        Assert.Equal("http://127.0.0.1:9090", _compose.Environment("grafana", "PROMETHEUS_URL"));
        var datasource = Single(Path.Combine(GrafanaFolder, "provisioning", "datasources", "prometheus.yaml"))["datasources"]!.AsArray().Single()!;
        Assert.Equal(("prometheus", "${PROMETHEUS_URL}"), ((string)datasource["type"]!, (string)datasource["url"]!));
    }

    [Fact]
    public void Compose_PrometheusAndGrafana_MountFilesOfTheRepositoryReadOnlyWhereTheirConfigurationLooks()
    {
        var mounts = _compose.BindMounts("prometheus").Concat(_compose.BindMounts("grafana")).ToList();
        Assert.All(mounts, mount => Assert.True(mount.ReadOnly && (File.Exists(mount.Host) || Directory.Exists(mount.Host)),
            $"{mount.Host} exists and is mounted read-only at {mount.Container}"));

        Assert.Contains($"--config.file={ContainerPathOf(mounts, Path.Combine(GrafanaFolder, "prometheus", "prometheus.yml"))}", PrometheusCommand);
        Assert.Equal("/etc/grafana/provisioning/datasources", ContainerPathOf(mounts, Path.Combine(GrafanaFolder, "provisioning", "datasources")));
        Assert.Equal("/etc/grafana/provisioning/dashboards", ContainerPathOf(mounts, Path.Combine(GrafanaFolder, "provisioning", "dashboards")));
        // The dashboard provider reads the folder the dashboards are mounted at, and the home page is the dashboard.
        var dashboards = ContainerPathOf(mounts, Path.Combine(GrafanaFolder, "dashboards"));
        var provider = Single(Path.Combine(GrafanaFolder, "provisioning", "dashboards", "migration.yaml"))["providers"]!.AsArray().Single()!;
        Assert.Equal(("file", dashboards), ((string)provider["type"]!, (string)provider["options"]!["path"]!));
        Assert.Equal($"{dashboards}/{Path.GetFileName(GrafanaDashboard.PathInRepository)}", _compose.Environment("grafana", "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
    }

    [Fact]
    public void Prometheus_Targets_AreTheManagementPortOfEveryHostInTheComposeFile()
    {
        var managementPorts = _compose.Services.Select(s => (Service: s.Key, Port: _compose.Environment(s.Key, "Management__Port")))
            .Where(s => s.Port is not null).ToDictionary(s => s.Service, s => $"127.0.0.1:{s.Port}");
        var targets = Single(Path.Combine(GrafanaFolder, "prometheus", "prometheus.yml"))["scrape_configs"]!.AsArray()
            .SelectMany(job => job!["static_configs"]!.AsArray())
            .SelectMany(config => config!["targets"]!.AsArray().Select(target => (Service: (string)config["labels"]!["service"]!, Target: (string)target!)))
            .ToDictionary(t => t.Service, t => t.Target);

        Assert.Equal(["catalog-service", "catalog-sync", "inventory-service", "inventory-sync", "legacy", "proxy", "proxy-2"],
            managementPorts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(managementPorts.OrderBy(p => p.Key, StringComparer.Ordinal), targets.OrderBy(t => t.Key, StringComparer.Ordinal));
    }

    private string PrometheusCommand => string.Join(' ', _compose.Service("prometheus")["command"]!.AsArray().Select(a => ComposeFile.Defaulted((string)a!)));

    private static string ContainerPathOf(IEnumerable<(string Host, string Container, bool ReadOnly)> mounts, string host) =>
        mounts.Single(m => m.Host == Path.GetFullPath(host)).Container;

    private static JsonObject Single(string yamlFile) => KubernetesTools.Parse(File.ReadAllText(yamlFile)).Single();
}
