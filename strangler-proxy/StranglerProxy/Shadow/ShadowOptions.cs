namespace StranglerProxy.Shadow;

/// <summary>How the proxy mirrors requests in shadow (section "Migration:Shadow"); what is compared is in the plan.</summary>
public sealed record ShadowOptions
{
    public const string SectionName = "Migration:Shadow";

    /// <summary>Mirrored requests waiting to be sent; when full, new ones are dropped and counted, never waited for.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>
    /// The most the copies of the monolith's answers waiting in the queue may hold together; past it new ones are
    /// dropped and counted, as when the queue is full. With the other defaults the proxy fits a 512 MiB container.
    /// </summary>
    public long MaxQueuedBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Mirrored requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>How long the extracted service (and the monolith's second answer) may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public const int DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>Answers larger than this, compressed or once decompressed, are not compared (the client still gets the whole answer).</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Mismatches and errors kept per route for the report.</summary>
    public int LastMismatches { get; init; } = 10;

    /// <summary>Routes reported one by one per module; further ones are counted together.</summary>
    public int MaxRoutes { get; init; } = 100;
}
