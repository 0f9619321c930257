using System.Text;
using Microsoft.Extensions.Options;

namespace StranglerProxy.Plan;

/// <summary>
/// The one place in the process that reads the plan. It holds the snapshot in force, replaces it when
/// the file changes and is valid, and keeps it (recording why) when the new file is not.
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

    public PlanStore(IOptions<PlanOptions> options, IHostEnvironment environment, IConfiguration configuration,
        TimeProvider time, ILogger<PlanStore> logger)
    {
        _logger = logger;
        _time = time;
        FilePath = Path.GetFullPath(options.Value.PlanPath, environment.ContentRootPath);
        var known = options.Value.KnownServices.ToHashSet(StringComparer.Ordinal);
        _isKnownService = service => known.Contains(service) || configuration.GetSection($"Services:{service}").Exists();
        _parser = new PlanParser(new ServiceCatalog(_isKnownService, service =>
            $"Service '{service}' is unknown to this proxy: configure its endpoints under Services:{service} (or list it in Migration:KnownServices) before moving the module past 'legacy'."));

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

        _current = new PlanSnapshot(result.Plan, FilePath, 1, _time.GetUtcNow(), hash);
        LogLoaded(_logger, FilePath, _current.Version, result.Plan.Modules.Count);
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
                Volatile.Write(ref _lastRejection, new PlanRejection(result.Errors, _time.GetUtcNow(), hash));
                foreach (var error in result.Errors)
                {
                    LogRejected(_logger, error.File, error.Path, error.Reason);
                }

                return Current;
            }

            var next = new PlanSnapshot(result.Plan, FilePath, Current.Version + 1, _time.GetUtcNow(), hash);
            // Cleared first: whoever sees the new version also sees that nothing is rejected any more.
            Volatile.Write(ref _lastRejection, null);
            Volatile.Write(ref _current, next);
            LogLoaded(_logger, FilePath, next.Version, next.Plan.Modules.Count);
            Changed?.Invoke(next);
            return next;
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migration plan {File} could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason);
}

/// <summary>The plan given at start-up is invalid; the proxy will not start on it.</summary>
