using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StranglerProxy.Plan;
using StranglerProxy.Routing;
using Yarp.ReverseProxy;

namespace StranglerProxy.Tests.Infrastructure;

/// <summary>
/// StranglerProxy on Kestrel at 127.0.0.1 (dynamic port) in front of two real backends: "legacy" and
/// "catalog-service", with its plan in a temporary folder the test can rewrite.
/// </summary>
public class ProxyHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminToken = "test-admin-token";

    /// <summary>Operators with admin tokens of their own (Migration:Admin:Tokens:&lt;name&gt;): the audit trail names them.</summary>
    public static readonly string[] Operators = ["alice", "carol", "dave"];
    public const string TesterSecret = "test-tester-secret";
    public const string Service = "catalog-service";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("proxy-tests-");

    public Backend LegacyBackend { get; private set; } = null!;

    public Backend ServiceBackend { get; private set; } = null!;

    public string PlanPath => Path.Combine(_folder.FullName, "migration.json");

    public string AuditPath => Path.Combine(_folder.FullName, "migration.audit.jsonl");

    protected virtual string? ConfiguredAdminToken => AdminToken;

    protected virtual string InitialPlan => PlanJson.With(new ModuleSpec("catalog", Service, "legacy"));

    public HttpClient Client { get; private set; } = null!;

    public PlanStore Plans => Services.GetRequiredService<PlanStore>();

    public virtual async ValueTask InitializeAsync()
    {
        LegacyBackend = await Backend.StartAsync(PlanJson.Legacy);
        ServiceBackend = await Backend.StartAsync(Service);
        await File.WriteAllTextAsync(PlanPath, InitialPlan);
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        ClientOptions.BaseAddress = ManagementAddresses.PublicOf(Services);
        Client = CreateClient();
    }

    /// <summary>A client of the proxy's management port (admin API, dashboard, metrics, readiness), without a token.</summary>
    public HttpClient CreateManagementClient() => new() { BaseAddress = ManagementAddresses.Of(Services) };

    /// <summary>A shared client of the management port, without a token.</summary>
    public HttpClient ManagementClient => _management ??= CreateManagementClient();

    private HttpClient? _management;

    /// <summary>Saves a plan the way an operator would, and waits until it is in force.</summary>
    public async Task ApplyPlanAsync(string json)
    {
        if (File.Exists(PlanPath) && await File.ReadAllTextAsync(PlanPath, TestContext.Current.CancellationToken) == json
            && Plans.LastRejection is null)
        {
            await WaitUntilRoutedByAsync(Plans.Current.Version);
            return;
        }

        // Awaited through the change event, whose handler added here runs after the proxy's own: a test
        // then never sees the new version before the proxy has reacted to it (reset its shadow statistics).
        var before = Plans.Current.Version;
        var applied = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(PlanSnapshot snapshot)
        {
            if (snapshot.Version > before)
            {
                applied.TrySetResult(snapshot.Version);
            }
        }

        Plans.Changed += OnChanged;
        try
        {
            await WriteAtomicallyAsync(json);
            var version = await applied.Task.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
            await WaitUntilRoutedByAsync(version);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The new plan was not in force within {Eventually.DefaultTimeout}; rejected: {(Plans.LastRejection is { } rejection ? string.Join("; ", rejection.Errors.Select(e => $"{e.Path}: {e.Reason}")) : "no")}");
        }
        finally
        {
            Plans.Changed -= OnChanged;
        }
    }

    private Task WaitUntilRoutedByAsync(int version)
    {
        var proxyState = Services.GetRequiredService<IProxyStateLookup>();
        return Eventually.MatchAsync(
            () => Task.FromResult(Plans.Current.Version >= version && proxyState.HasClustersFor(Plans.Current.Plan)),
            ready => ready,
            "the proxy has loaded every cluster of the plan");
    }

    public async Task WriteAtomicallyAsync(string json)
    {
        var temp = PlanPath + $".{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temp, json, TestContext.Current.CancellationToken);
        File.Move(temp, PlanPath, overwrite: true);
    }

    /// <summary>The admin token of one of the <see cref="Operators"/>.</summary>
    public static string TokenOf(string name) => $"{name}-admin-token";

    /// <summary>A client of the admin API, on the management port.</summary>
    public HttpClient CreateAdminClient(string? token = AdminToken)
    {
        var client = CreateManagementClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>Extra settings of a subclass, applied after the common ones.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Migration:PlanPath", PlanPath);
        builder.UseSetting("Migration:PollInterval", "00:00:00.100");
        builder.UseSetting("Migration:TesterSecret", TesterSecret);
        builder.UseSetting("Migration:Admin:Token", ConfiguredAdminToken ?? "");
        if (ConfiguredAdminToken is not null)
        {
            foreach (var name in Operators)
            {
                builder.UseSetting($"Migration:Admin:Tokens:{name}", TokenOf(name));
            }
        }

        builder.UseSetting($"Services:{PlanJson.Legacy}:http:0", LegacyBackend.Address.ToString());
        builder.UseSetting($"Services:{Service}:http:0", ServiceBackend.Address.ToString());
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        await LegacyBackend.DisposeAsync();
        await ServiceBackend.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
