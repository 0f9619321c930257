using System.Diagnostics.Metrics;

namespace DataSync.Telemetry;

/// <summary>DataSync's meter: rows copied and progress per sync and table.</summary>
public sealed class DataSyncMetrics
{
    public const string MeterName = "Migration.DataSync";

    private readonly Counter<long> _rows;
    private readonly Gauge<double> _percent;
    private readonly Counter<long> _changes;

    public DataSyncMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rows = meter.CreateCounter<long>("datasync.backfill.rows", "{row}", "Rows copied by backfills.");
        _percent = meter.CreateGauge<double>("datasync.backfill.progress", "%", "How far the running backfill of a table is.");
        _changes = meter.CreateCounter<long>("datasync.changes.applied", "{change}", "Logged row changes applied to the other side.");
    }

    public void RowsCopied(string sync, string table, long rows) =>
        _rows.Add(rows, new KeyValuePair<string, object?>("datasync.name", sync), new KeyValuePair<string, object?>("datasync.table", table));

    public void ChangesApplied(string sync, long changes) =>
        _changes.Add(changes, new KeyValuePair<string, object?>("datasync.name", sync));

    public void Progress(string sync, string table, double percent) =>
        _percent.Record(percent, new KeyValuePair<string, object?>("datasync.name", sync), new KeyValuePair<string, object?>("datasync.table", table));
}
