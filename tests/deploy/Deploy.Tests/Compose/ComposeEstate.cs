using Deploy.Tests.Containers;
using Deploy.Tests.Infrastructure;
using Npgsql;

namespace Deploy.Tests.Compose;

/// <summary>
/// deploy/compose/compose.yaml brought up as a user would, on free ports. Only its PostgreSQL is
/// replaced (an override file): the postgres image needs a registry, so the test run's throwaway
/// PostgreSQL serves instead, behind a stand-in container that is healthy once it accepts connections;
/// the users script the postgres image would run when it first starts (postgres-init) is run against it first.
/// </summary>
public sealed class ComposeEstate : IAsyncLifetime
{
    public const string AdminToken = "compose-admin-token";

    /// <summary>The password of each host's database user (the test cluster trusts local connections, so it checks none).</summary>
    public const string DatabasePassword = "compose-test-user";

    /// <summary>The cluster's superuser connection, for a test to connect as each host's user.</summary>
    public string ServerConnectionString { get; private set; } = "";
    private static readonly string[] Databases = ["shop", "catalog", "inventory", "migration"];

    private readonly string _project = $"composetest{Guid.NewGuid():N}"[..20];
    private readonly string _override = Path.Combine(Path.GetTempPath(), $"compose-override-{Guid.NewGuid():N}.yaml");
    private string[] _compose = [];
    private Dictionary<string, string> _environment = [];
    private string? _adminConnectionString;

    public EstateImages Images { get; } = new();

    public string? UnavailableReason { get; private set; }

    public Uri ProxyAddress { get; private set; } = null!;

    /// <summary>The ports of the monolith, the services and their sync workers, by their variable in the Compose file.</summary>
    public Dictionary<string, int> BackendPorts { get; } = new(StringComparer.Ordinal);

    /// <summary>The second replica of the front door, on the same plan store.</summary>
    public Uri SecondProxyAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Images.InitializeAsync();
        var postgres = await PostgresServer.GetAsync();
        UnavailableReason = Images.UnavailableReason ?? postgres.UnavailableReason;
        if (UnavailableReason is not null)
        {
            return;
        }

        if ((await Tool.RunAsync(Images.Docker, ["compose", "version"])).ExitCode == 0)
        {
            _compose = [Images.Docker, "compose"];
        }
        else if (Tool.Find("docker-compose") is { } composeV1)
        {
            _compose = [composeV1];
        }
        else
        {
            UnavailableReason = "Neither 'docker compose' nor docker-compose is installed (apt-get install docker-compose).";
            return;
        }

        var database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync());
        _adminConnectionString = database.ConnectionString;
        ServerConnectionString = postgres.AdminConnectionString;
        var users = new Dictionary<string, string>
        {
            ["LEGACY_DB_PASSWORD"] = DatabasePassword,
            ["CATALOG_DB_PASSWORD"] = DatabasePassword,
            ["INVENTORY_DB_PASSWORD"] = DatabasePassword,
            ["PLAN_STORE_DB_PASSWORD"] = DatabasePassword,
        };
        if (PostgresServer.ClientBinaries is not { } bin)
        {
            UnavailableReason = "psql is not installed here (apt-get install postgresql-client): the database users script cannot run.";
            return;
        }

        var script = await Tool.RunAsync(Repository.PathOf("deploy", "compose", "postgres-init", "10-estate-users.sh"), [], environment: new Dictionary<string, string>(users)
        {
            ["PATH"] = $"{bin}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
            ["PGHOST"] = database.Host!,
            ["PGPORT"] = database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = database.Username!,
        });
        Assert.True(script.ExitCode == 0, script.Describe("postgres-init/10-estate-users.sh"));
        var proxyPort = LoopbackPorts.Free();
        var secondProxyPort = LoopbackPorts.Free();
        _environment = new()
        {
            ["POSTGRES_PASSWORD"] = "compose-test",
            ["ESTATE_SERVICE_KEY"] = Guid.NewGuid().ToString("N"),
            ["ADMIN_TOKEN"] = AdminToken,
            ["TAG"] = EstateImages.Tag,
            ["POSTGRES_PORT"] = database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PROXY_PORT"] = proxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PROXY_2_PORT"] = secondProxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, password) in users)
        {
            _environment[name] = password;
        }
        // Every port but the proxies' traffic ports must stay on this machine: the backends' and every management port.
        foreach (var name in new[] { "LEGACY_PORT", "CATALOG_PORT", "CATALOG_SYNC_PORT", "INVENTORY_PORT", "INVENTORY_SYNC_PORT",
            "LEGACY_MANAGEMENT_PORT", "CATALOG_MANAGEMENT_PORT", "CATALOG_SYNC_MANAGEMENT_PORT", "INVENTORY_MANAGEMENT_PORT", "INVENTORY_SYNC_MANAGEMENT_PORT",
            "PROXY_MANAGEMENT_PORT", "PROXY_2_MANAGEMENT_PORT" })
        {
            var port = LoopbackPorts.Free();
            _environment[name] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            BackendPorts[name] = port;
        }

        await File.WriteAllTextAsync(_override, $$"""
            services:
              postgres:
                image: {{EstateImages.Proxy}}:{{EstateImages.Tag}}
                entrypoint: ["bash", "-c", "exec sleep infinity"]
                healthcheck:
                  test: ["CMD", "bash", "-c", "</dev/tcp/127.0.0.1/{{database.Port}}"]
                  interval: 1s
            """);

        // up waits for each dependency's condition (healthy, completed) before starting what needs it.
        var up = await ComposeAsync(["up", "--detach", "--no-build"], TimeSpan.FromMinutes(6));
        if (up.ExitCode != 0)
        {
            // What each container said, so that a failure on a CI machine can be read afterwards.
            var ps = await ComposeAsync(["ps"]);
            var logs = await ComposeAsync(["logs", "--no-color", "--tail", "40"]);
            Assert.Fail($"{up.Describe("compose up")}\ncompose ps:\n{ps.Output}\ncompose logs (last 40 lines each):\n{logs.Output}");
        }

        foreach (var service in new[] { "legacy", "catalog-sync", "catalog-service", "inventory-sync", "inventory-service", "proxy", "proxy-2" })
        {
            await ContainerHealth.WaitUntilHealthyAsync(Images.Docker, await ContainerOfAsync(service));
        }

        ProxyAddress = new Uri($"http://127.0.0.1:{proxyPort}");
        SecondProxyAddress = new Uri($"http://127.0.0.1:{secondProxyPort}");
        ProxyManagementAddress = new Uri($"http://127.0.0.1:{BackendPorts["PROXY_MANAGEMENT_PORT"]}");
        SecondProxyManagementAddress = new Uri($"http://127.0.0.1:{BackendPorts["PROXY_2_MANAGEMENT_PORT"]}");
    }

    /// <summary>The first proxy's management port: its admin API.</summary>
    public Uri ProxyManagementAddress { get; private set; } = null!;

    public Uri SecondProxyManagementAddress { get; private set; } = null!;

    public void SkipWhenUnavailable() => Assert.SkipWhen(UnavailableReason is not null, UnavailableReason ?? "");

    public async Task<string> ContainerOfAsync(string service)
    {
        var ps = await ComposeAsync(["ps", "--quiet", service]);
        Assert.True(ps.ExitCode == 0 && ps.Output.Trim().Length > 0, ps.Describe($"compose ps {service}"));
        return ps.Output.Trim().Split('\n')[0];
    }

    /// <summary>The services the project has containers of (running or not), by the label Compose puts on each.</summary>
    public async Task<IReadOnlyList<string>> ServicesWithContainersAsync()
    {
        var ps = await Tool.RunAsync(Images.Docker,
            ["ps", "--all", "--filter", $"label=com.docker.compose.project={_project}", "--format", "{{.Label \"com.docker.compose.service\"}}"]);
        Assert.True(ps.ExitCode == 0, ps.Describe("docker ps"));
        return [.. ps.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order(StringComparer.Ordinal)];
    }

    private Task<Tool.Result> ComposeAsync(string[] arguments, TimeSpan? timeout = null) => Tool.RunAsync(
        _compose[0],
        [.. _compose[1..], "--project-name", _project, "--file", Repository.PathOf("deploy", "compose", "compose.yaml"), "--file", _override, .. arguments],
        Repository.PathOf("deploy", "compose"), _environment, timeout);

    public async ValueTask DisposeAsync()
    {
        if (_compose.Length > 0 && File.Exists(_override))
        {
            await ComposeAsync(["down", "--volumes", "--timeout", "5"], TimeSpan.FromMinutes(2));
        }

        File.Delete(_override);
        if (_adminConnectionString is not null)
        {
            // The estate made its own databases on the cluster; they go with it.
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            foreach (var name in Databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }

            await (await PostgresServer.GetAsync()).DropDatabaseAsync(_adminConnectionString);
        }
    }
}
