namespace Plan.Store.PostgreSql;

/// <summary>One version of the plan as the store holds it: its text, the hash of that text, and who wrote it when.</summary>
/// <param name="SeedHash">The hash of the plan file the store was seeded from (or last took the file's text from).</param>
public sealed record StoredPlan(int Version, string Content, string ContentHash, DateTimeOffset ChangedAt, string ChangedBy, string? SeedHash);

/// <summary>The result of a compare-and-swap on the plan row: the version written, or the version that was there instead.</summary>
public sealed record StoreWrite(bool Written, int Version)
{
    /// <summary>The write was to end a fence that had already ended (aborted): nothing was written.</summary>
    public bool FenceEnded { get; init; }

    public static StoreWrite Conflict(int current) => new(false, current);
}
