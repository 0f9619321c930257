using System.Diagnostics.Metrics;
using DataSync.Telemetry;

namespace DataSync.Tests.Infrastructure;

/// <summary>DataSync's metrics on plain meters, for code under test outside a host.</summary>
internal static class TestMetrics
{
    public static DataSyncMetrics Create() => new(new PlainMeterFactory());

    private sealed class PlainMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
