using System.Text;
using Microsoft.Extensions.Options;
using Plan.Store.PostgreSql;

namespace StranglerProxy.Plan;

/// <summary>
/// The one place in the process that reads the plan. It holds the snapshot in force, replaces it when
/// the file (or, with a shared store, the store's row) changes and is valid, and keeps it (recording why)
/// when the new plan is not.
/// </summary>
public sealed partial class PlanStore
{
    private readonly PlanParser _parser;
    private readonly ILogger<PlanStore> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _reloadLock = new();
    private readonly Func<string, bool> _isKnownService;
    private PlanSnapshot _current;
    private PlanRejection? _lastRejection;
    private PlanFileStamp _lastRead;

    /// <param name="shared">The shared store, when Migration:Store:Provider is PostgreSql; the plan file then only seeds it.</param>
    public PlanStore(IOptions<PlanOptions> options, IHostEnvironment environment, IConfiguration configuration,
        TimeProvider time, ILogger<PlanStore> logger, PostgresPlanStore? shared = null)
    {
        _logger = logger;
        _time = time;
        FilePath = Path.GetFullPath(options.Value.PlanPath, environment.ContentRootPath);
        var known = options.Value.KnownServices.ToHashSet(StringComparer.Ordinal);
        _isKnownService = service => known.Contains(service) || configuration.GetSection($"Services:{service}").Exists();
        _parser = new PlanParser(new ServiceCatalog(_isKnownService, service =>
            $"Service '{service}' is unknown to this proxy: configure its endpoints under Services:{service} (or list it in Migration:KnownServices) before moving the module past 'legacy'."));

        if (shared is not null)
        {
            _current = OpenShared(shared);
            LogLoaded(_logger, _current.File, _current.Version, _current.Plan.Modules.Count);
            return;
        }

        if (!File.Exists(FilePath))
        {
            throw new InvalidPlanException([new PlanError(FilePath, "$", "The plan file does not exist (set Migration:PlanPath).")]);
        }

        var (content, hash) = ReadFile();
        var result = _parser.Parse(content, FilePath);
        if (result.Plan is null)
        {
            throw new InvalidPlanException(result.Errors);
        }

        _current = new PlanSnapshot(result.Plan, FilePath, 1, _time.GetUtcNow(), hash) { Content = content };
        LogLoaded(_logger, FilePath, _current.Version, result.Plan.Modules.Count);
    }

    /// <summary>
    /// The store's plan, seeding the store from the plan file when it holds none (only from a valid file).
    /// A store that holds a plan keeps it; a file that differs is reported, never applied over it.
    /// </summary>
    private PlanSnapshot OpenShared(PostgresPlanStore shared)
    {
        string? seed = null;
        if (File.Exists(FilePath))
        {
            var (content, _) = ReadFile();
            var parsed = _parser.Parse(content, FilePath);
            seed = parsed.Plan is null ? null : content;
            SeedErrors = parsed.Errors;
        }

        StoredPlan? opened;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            opened = shared.OpenAsync(seed, FilePath, StoreActor, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            throw new InvalidPlanException([new PlanError(shared.Description, "$", $"Cannot open the plan store: {ex.Message}")]);
        }

        if (opened is not { } stored)
        {
            throw new InvalidPlanException(SeedErrors is { Count: > 0 } errors
                ? errors
                : [new PlanError(FilePath, "$", $"The {shared.Description} holds no plan yet, and the plan file that would seed it does not exist (set Migration:PlanPath).")]);
        }

        if (stored.SeedHash is { } seeded && seed is not null && PlanEdit.HashOf(Encoding.UTF8.GetBytes(seed)) != seeded)
        {
            FileDiffers = true;
            LogFileDiffers(_logger, FilePath, shared.Description, stored.Version);
        }

        var result = _parser.Parse(stored.Content, shared.Description);
        return result.Plan is null
            ? throw new InvalidPlanException(result.Errors)
            : new PlanSnapshot(result.Plan, shared.Description, stored.Version, _time.GetUtcNow(), stored.ContentHash) { Content = stored.Content };
    }

    /// <summary>Who seeds the store, in its audit trail.</summary>
    public const string StoreActor = "strangler-proxy";

    /// <summary>With a shared store: whether the plan file differs from what the store was seeded from (it is not applied).</summary>
    public bool FileDiffers { get; private set; }

    /// <summary>With a shared store: why the plan file could not seed it, if it could not.</summary>
    public IReadOnlyList<PlanError> SeedErrors { get; private set; } = [];

    /// <summary>
    /// Puts a version of the shared store's plan in force, if it is newer than the one in force and valid here;
    /// an invalid one is kept as the last rejection while the current plan serves on.
    /// </summary>
    public PlanSnapshot Offer(StoredPlan stored)
    {
        lock (_reloadLock)
        {
            var current = Current;
            if (stored.Version <= current.Version || stored.ContentHash == LastRejection?.ContentHash)
            {
                return current;
            }

            var result = _parser.Parse(stored.Content, current.File);
            if (result.Plan is null)
            {
                Reject(result.Errors, stored.ContentHash);
                return current;
            }

            return Replace(new PlanSnapshot(result.Plan, current.File, stored.Version, _time.GetUtcNow(), stored.ContentHash) { Content = stored.Content });
        }
    }

    public string FilePath { get; }

    public PlanSnapshot Current => Volatile.Read(ref _current);

    public PlanRejection? LastRejection => Volatile.Read(ref _lastRejection);

    /// <summary>Whether the proxy can reach a service (its endpoints are configured, or it is listed as known).</summary>
    public bool IsKnownService(string service) => _isKnownService(service);

    /// <summary>Raised after a new snapshot is in force.</summary>
    public event Action<PlanSnapshot>? Changed;

    /// <summary>Validates a candidate plan text without applying it.</summary>
    public PlanParseResult Validate(string content) => _parser.Parse(content, FilePath);

    /// <summary>
    /// Reads the file again and applies it when it changed and is valid; returns the snapshot in force.
    /// A routine check (<paramref name="force"/> false) reads nothing while the file's time stamp and
    /// size are those of the last read; a file-system event or a write of our own forces the read.
    /// </summary>
    public PlanSnapshot Reload(bool force = false)
    {
        lock (_reloadLock)
        {
            string content, hash;
            try
            {
                if (!force && Stamp() == _lastRead)
                {
                    return Current;
                }

                (content, hash) = ReadFile();
            }
            catch (IOException ex)
            {
                // A writer may be replacing the file right now; the next check will see the result.
                LogUnreadable(_logger, FilePath, ex.Message);
                return Current;
            }

            if (hash == Current.ContentHash || hash == LastRejection?.ContentHash)
            {
                return Current;
            }

            var result = _parser.Parse(content, FilePath);
            if (result.Plan is null)
            {
                Reject(result.Errors, hash);
                return Current;
            }

            return Replace(new PlanSnapshot(result.Plan, FilePath, Current.Version + 1, _time.GetUtcNow(), hash) { Content = content });
        }
    }

    private void Reject(IReadOnlyList<PlanError> errors, string hash)
    {
        Volatile.Write(ref _lastRejection, new PlanRejection(errors, _time.GetUtcNow(), hash));
        foreach (var error in errors)
        {
            LogRejected(_logger, error.File, error.Path, error.Reason);
        }
    }

    private PlanSnapshot Replace(PlanSnapshot next)
    {
        // Cleared first: whoever sees the new version also sees that nothing is rejected any more.
        Volatile.Write(ref _lastRejection, null);
        Volatile.Write(ref _current, next);
        LogLoaded(_logger, next.File, next.Version, next.Plan.Modules.Count);
        Changed?.Invoke(next);
        return next;
    }

    private PlanFileStamp Stamp() => PlanFileStamp.Of(FilePath);

    private (string Content, string Hash) ReadFile()
    {
        // Stamp before reading: a write in between makes the next check read again, never skip.
        _lastRead = Stamp();
        var bytes = File.ReadAllBytes(FilePath);
        return (Encoding.UTF8.GetString(bytes), PlanEdit.HashOf(bytes));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migration plan {File} version {Version} in force ({Modules} modules)")]
    private static partial void LogLoaded(ILogger logger, string file, int version, int modules);

    [LoggerMessage(Level = LogLevel.Error, Message = "Migration plan rejected, the previous one keeps serving: {File}: {Path}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string file, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The plan file {File} differs from the plan the {Store} was seeded from; the store's version {Version} serves, and the file is not applied over it")]
    private static partial void LogFileDiffers(ILogger logger, string file, string store, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migration plan {File} could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason);
}

/// <summary>The plan given at start-up is invalid; the proxy will not start on it.</summary>
