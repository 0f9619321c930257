using Deploy.Tests.Infrastructure;

namespace Deploy.Tests.Containers;

/// <summary>
/// The estate run from its images the way deploy/compose runs it: host networking, one PostgreSQL
/// (the test run's throwaway cluster, a database per host), the plan in a folder mounted read-only
/// into every container, as a Kubernetes ConfigMap is. The services run in the DataSync worker role,
/// so they also backfill from the monolith.
/// </summary>
public sealed class ContainerEstate : IAsyncLifetime
{
    public const string AdminToken = "container-estate-admin-token";
    public const string NonRootUid = "1654";

    private readonly string _prefix = $"estate-test-{Guid.NewGuid():N}"[..24];
    private readonly List<string> _databases = [];
    private readonly DirectoryInfo _planFolder = Directory.CreateTempSubdirectory("estate-plan-");

    public EstateImages Images { get; } = new();

    public string? UnavailableReason { get; private set; }

    public string PlanPath => Path.Combine(_planFolder.FullName, "migration.json");

    /// <summary>Each running container by its name, with the port it serves on.</summary>
    public Dictionary<string, int> Containers { get; } = [];

    /// <summary>Each running container's management port (on loopback: readiness, metrics, the proxy's admin API).</summary>
    public Dictionary<string, int> ManagementPorts { get; } = [];

    /// <summary>The proxy's management address.</summary>
    public Uri ProxyManagementAddress => new($"http://127.0.0.1:{ManagementPorts[$"{_prefix}-proxy"]}");

    public Uri ProxyAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Images.InitializeAsync();
        UnavailableReason = Images.UnavailableReason;
        var postgres = await PostgresServer.GetAsync();
        UnavailableReason ??= postgres.UnavailableReason;
        if (UnavailableReason is not null)
        {
            return;
        }

        // Readable by the images' non-root user, as a ConfigMap volume is.
        _planFolder.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.Copy(Repository.PathOf("migration.json"), PlanPath);
        File.SetUnixFileMode(PlanPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (legacyPort, catalogPort, inventoryPort, proxyPort) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var legacyDatabase = await CreateDatabaseAsync(postgres);
        var estate = new Dictionary<string, string>
        {
            ["Migration__PlanPath"] = "/etc/migration/migration.json",
            ["Estate__ServiceKey"] = Guid.NewGuid().ToString("N"),
            ["services__legacy__http__0"] = $"http://127.0.0.1:{legacyPort}",
            ["services__catalog-service__http__0"] = $"http://127.0.0.1:{catalogPort}",
            ["services__inventory-service__http__0"] = $"http://127.0.0.1:{inventoryPort}",
            ["services__proxy__http__0"] = $"http://127.0.0.1:{proxyPort}",
        };

        await StartAsync("legacy", EstateImages.Legacy, legacyPort, estate, new()
        {
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__shop"] = legacyDatabase,
            ["Events__Self"] = "legacy",
        });
        await WaitUntilHealthyAsync($"{_prefix}-legacy");

        var services = new[] { ("catalog", EstateImages.Catalog, catalogPort), ("inventory", EstateImages.Inventory, inventoryPort) };
        foreach (var (module, image, port) in services)
        {
            await StartAsync(image, image, port, estate, new()
            {
                ["Database__Provider"] = "PostgreSql",
                ["DataSync__Legacy__Provider"] = "PostgreSql",
                ["DataSync__Role"] = "worker",
                [$"ConnectionStrings__{module}"] = await CreateDatabaseAsync(postgres),
                ["ConnectionStrings__legacy"] = legacyDatabase,
                ["Events__Self"] = image,
                ["Events__Upstream__0"] = "legacy",
            });
        }

        await StartAsync("proxy", EstateImages.Proxy, proxyPort, estate, new() { ["Migration__Admin__Token"] = AdminToken });
        ProxyAddress = new Uri($"http://127.0.0.1:{proxyPort}");
        await Task.WhenAll(Containers.Keys.Select(WaitUntilHealthyAsync));
    }

    public void SkipWhenUnavailable() => Assert.SkipWhen(UnavailableReason is not null, UnavailableReason ?? "");

    public Task<Tool.Result> DockerAsync(params string[] arguments) => Tool.RunAsync(Images.Docker, arguments);

    private async Task StartAsync(string role, string image, int port, Dictionary<string, string> estate, Dictionary<string, string> own)
    {
        var name = $"{_prefix}-{role}";
        var management = LoopbackPorts.Free();
        List<string> arguments = ["run", "--detach", "--name", name, "--network", "host",
            "--volume", $"{_planFolder.FullName}:/etc/migration:ro", "--env", $"ASPNETCORE_HTTP_PORTS={port}", "--env", $"Management__Port={management}"];
        foreach (var (key, value) in estate.Concat(own))
        {
            arguments.AddRange(["--env", $"{key}={value}"]);
        }

        arguments.Add($"{image}:{EstateImages.Tag}");
        Containers[name] = port;
        ManagementPorts[name] = management;
        var run = await Tool.RunAsync(Images.Docker, arguments);
        Assert.True(run.ExitCode == 0, run.Describe($"docker run {image}"));
    }

    private Task WaitUntilHealthyAsync(string name) => ContainerHealth.WaitUntilHealthyAsync(Images.Docker, name);

    private async Task<string> CreateDatabaseAsync(PostgresServer postgres)
    {
        var database = await postgres.CreateDatabaseAsync();
        _databases.Add(database);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (Containers.Count > 0)
        {
            await DockerAsync(["rm", "--force", .. Containers.Keys]);
        }

        foreach (var database in _databases)
        {
            await (await PostgresServer.GetAsync()).DropDatabaseAsync(database);
        }

        _planFolder.Delete(recursive: true);
    }
}
