using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace DataSync.Tests.Infrastructure;

/// <summary>
/// Reads the sync lag gauges of one host's meters (only its own: other hosts in this process have meters of the same
/// name), as an exporter does on each scrape: one reading per sync and direction, pending changes and oldest age together.
/// </summary>
internal sealed class LagGauges : IDisposable
{
    private const string Pending = "datasync.lag.pending";
    private const string Oldest = "datasync.lag.oldest";

    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, string Sync, string Direction)> _measured = [];

    public LagGauges(IServiceProvider host)
    {
        var scope = host.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == scope && instrument.Name is Pending or Oldest)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public LagReadings Read()
    {
        lock (_measured)
        {
            _measured.Clear();
            _listener.RecordObservableInstruments();
            return [.. _measured.GroupBy(m => (m.Sync, m.Direction)).Select(reading => new LagReading(reading.Key.Sync, reading.Key.Direction,
                (int)reading.Single(m => m.Instrument == Pending).Value, reading.Single(m => m.Instrument == Oldest).Value))];
        }
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? sync = null, direction = null;
        foreach (var (key, tag) in tags)
        {
            sync = key == "datasync.name" ? (string?)tag : sync;
            direction = key == "datasync.direction" ? (string?)tag : direction;
        }

        _measured.Add((instrument.Name, value, sync ?? "(none)", direction ?? "(none)"));
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>One sync's lag as the gauges report it.</summary>
internal sealed record LagReading(string Sync, string Direction, int Pending, double OldestSeconds);

/// <summary>What one read of the gauges reported, printable in a failed assertion.</summary>
internal sealed class LagReadings : List<LagReading>
{
    public override string ToString() => Count == 0 ? "(no lag reported)" : string.Join("; ", this);
}
