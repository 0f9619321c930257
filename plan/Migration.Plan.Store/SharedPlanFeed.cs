using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Plan.Store.PostgreSql;

namespace Plan.Store;

/// <summary>
/// The shared store's plan for a process that only follows it (the monolith, a DataSync worker): read
/// once at start-up, so nothing runs on a stage the store no longer holds, then kept current through the
/// store's notifications and slow poll. A plan this process cannot parse is skipped; the last good one serves.
/// </summary>
public sealed partial class SharedPlanFeed : BackgroundService
{
    private readonly PostgresPlanStore _store;
    private readonly StoreOptions _options;
    private readonly ILogger<SharedPlanFeed> _logger;
    private MigrationPlan _current;
    private int _version;

    /// <summary>Who seeds the store, in its audit trail, when a follower is the first process of the estate to start.</summary>
    public const string SeedActor = "plan follower";

    public SharedPlanFeed(IConfiguration configuration, IHostEnvironment environment, ILogger<SharedPlanFeed> logger)
    {
        _options = StoreOptions.From(configuration);
        _logger = logger;
        var connection = configuration.GetConnectionString(StoreOptions.ConnectionName) is { Length: > 0 } configured
            ? new NpgsqlConnectionStringBuilder(configured)
            : throw new InvalidPlanException([new PlanError(PlanError.Configuration, $"ConnectionStrings:{StoreOptions.ConnectionName}",
                "Required when Migration:Store:Provider is PostgreSql.")]);
        connection.ApplicationName ??= $"plan follower {AppDomain.CurrentDomain.FriendlyName}";
        _store = new PostgresPlanStore(connection.ConnectionString, _options.Schema);
        StoredPlan? first;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            // Whichever process of the estate starts first seeds the store from the plan file (only from a valid one).
            first = _store.OpenAsync(SeedOf(configuration, environment), configuration["Migration:PlanPath"] ?? "", SeedActor, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            throw new InvalidPlanException([new PlanError(_store.Description, "$", $"Cannot read the plan store: {ex.Message}")]);
        }

        var plan = first is null ? null : new PlanParser().Parse(first.Content, _store.Description).Plan;
        _current = plan ?? throw new InvalidPlanException([new PlanError(_store.Description, "$",
            first is null ? "The store holds no plan yet, and Migration:PlanPath names no valid plan file to seed it with." : "The store's plan cannot be read by this process.")]);
        _version = first!.Version;
    }

    private static string? SeedOf(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration["Migration:PlanPath"] is not { Length: > 0 } configured)
        {
            return null;
        }

        var path = Path.GetFullPath(configured, environment.ContentRootPath);
        try
        {
            var content = File.ReadAllText(path);
            return new PlanParser().Parse(content, path).Plan is null ? null : content;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The plan the store held when last read.</summary>
    public MigrationPlan Current => Volatile.Read(ref _current);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new PlanFollower(_store, _options.PollInterval, _logger).RunAsync((stored, _) =>
        {
            if (stored.Version > _version)
            {
                var parsed = new PlanParser().Parse(stored.Content, _store.Description);
                if (parsed.Plan is { } plan)
                {
                    Volatile.Write(ref _current, plan);
                    _version = stored.Version;
                }
                else
                {
                    LogUnreadable(_logger, stored.Version, parsed.Errors[0].ToString());
                }
            }

            return Task.CompletedTask;
        }, stoppingToken);

    public override void Dispose()
    {
        base.Dispose();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Whether this configuration keeps the plan in the shared store (Migration:Store:Provider is PostgreSql).</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        string.Equals(configuration[$"{StoreOptions.SectionName}:Provider"], nameof(StoreProvider.PostgreSql), StringComparison.OrdinalIgnoreCase);

    /// <summary>Registers the feed (and its follower) when the configuration keeps the plan in the shared store.</summary>
    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        if (IsConfigured(configuration))
        {
            services.AddSingleton<SharedPlanFeed>();
            services.AddHostedService(sp => sp.GetRequiredService<SharedPlanFeed>());
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Version {Version} of the shared plan cannot be read here, the last good one serves: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, int version, string reason);
}
