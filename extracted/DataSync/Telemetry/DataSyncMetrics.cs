using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Plan;

namespace DataSync.Telemetry;

/// <summary>DataSync's meter: rows copied and progress per sync and table, changes applied, and the sync lag per module.</summary>
public sealed class DataSyncMetrics
{
    public const string MeterName = "Migration.DataSync";

    private readonly Counter<long> _rows;
    private readonly Gauge<double> _percent;
    private readonly Counter<long> _changes;

    /// <summary>
    /// The last lag a worker read, per sync. Observed rather than recorded: a sync that stops (retired, or its lag
    /// unreadable) must drop out of the scrape, and a direction that flipped must not leave its old series behind.
    /// </summary>
    private readonly ConcurrentDictionary<string, (SyncDirection Direction, int Pending, TimeSpan Oldest)> _lags = new(StringComparer.Ordinal);

    public DataSyncMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rows = meter.CreateCounter<long>("datasync.backfill.rows", "{row}", "Rows copied by backfills.");
        _percent = meter.CreateGauge<double>("datasync.backfill.progress", "%", "How far the running backfill of a table is.");
        _changes = meter.CreateCounter<long>("datasync.changes.applied", "{change}", "Logged row changes applied to the other side.");
        meter.CreateObservableGauge("datasync.lag.pending", () => _lags.Select(lag => new Measurement<int>(lag.Value.Pending, LagTags(lag.Key, lag.Value.Direction))),
            "{change}", "Changes the data owner logged that the other side has yet to apply (an open transaction that logged one counts as one).");
        meter.CreateObservableGauge("datasync.lag.oldest", () => _lags.Select(lag => new Measurement<double>(lag.Value.Oldest.TotalSeconds, LagTags(lag.Key, lag.Value.Direction))),
            "s", "How long the oldest change not yet applied has waited (0 when none waits).");
    }

    public void RowsCopied(string sync, string table, long rows) =>
        _rows.Add(rows, new KeyValuePair<string, object?>("datasync.name", sync), new KeyValuePair<string, object?>("datasync.table", table));

    public void ChangesApplied(string sync, long changes) =>
        _changes.Add(changes, new KeyValuePair<string, object?>("datasync.name", sync));

    public void Progress(string sync, string table, double percent) =>
        _percent.Record(percent, new KeyValuePair<string, object?>("datasync.name", sync), new KeyValuePair<string, object?>("datasync.table", table));

    /// <summary>The sync's lag as just read, in the direction changes flow now.</summary>
    public void Lag(string sync, SyncDirection direction, int pending, TimeSpan oldest) => _lags[sync] = (direction, pending, oldest);

    /// <summary>The sync's lag is not known (sync does not run, or it could not be read): it is no longer reported.</summary>
    public void LagUnknown(string sync) => _lags.TryRemove(sync, out _);

    private static KeyValuePair<string, object?>[] LagTags(string sync, SyncDirection direction) =>
        [new("datasync.name", sync), new("datasync.direction", direction.ToString())];
}
