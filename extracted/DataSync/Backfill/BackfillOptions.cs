namespace DataSync.Backfill;

/// <summary>How to run a backfill.</summary>
public sealed record BackfillOptions(string Name)
{
    /// <summary>Rows read and written per batch; each batch commits with its checkpoint.</summary>
    public int BatchSize { get; init; } = 10_000;

    /// <summary>Which tables (as mapped) to copy; all of the module's by default.</summary>
    public Func<string, bool>? Include { get; init; }

    /// <summary>Called after every committed batch; a caller may cancel from here.</summary>
    public IProgress<BackfillProgress>? Progress { get; init; }

    /// <summary>
    /// Asked before every batch: false stops the run (the plan has made the target the data owner, and
    /// copying the source's rows over it would undo newer writes). The checkpoint keeps what was copied.
    /// </summary>
    public Func<bool>? SourceStillOwns { get; init; }
}

/// <summary>Where a backfill stands after a batch.</summary>
public sealed record BackfillProgress(string Table, long Copied, long Total, double RowsPerSecond)
{
    public double Percent => Total == 0 ? 100 : Math.Min(100, 100.0 * Copied / Total);
}

/// <summary>What a backfill did, table by table.</summary>
public sealed record BackfillResult(IReadOnlyList<TableBackfill> Tables)
{
    public long Rows => Tables.Sum(t => t.Copied);
}

public sealed record TableBackfill(string Table, long Copied, long SourceRows, bool Resumed);
