using System.Globalization;
using DataSync.Backfill;
using Microsoft.Extensions.Logging;

namespace DataSync.Jobs;

/// <summary>
/// Shows a backfill's progress on its job's page of the Hangfire dashboard. Synchronous on purpose:
/// <see cref="Progress{T}"/> posts each report to the thread pool, where reports overlap on the job's
/// one storage connection (Npgsql refuses a second command in flight) and an exception there ends the
/// process. Progress is for show: a report that cannot be written is logged, never thrown.
/// </summary>
internal sealed partial class JobPageProgress(Action<string> show, ILogger logger) : IProgress<BackfillProgress>
{
    public void Report(BackfillProgress value)
    {
        try
        {
            show(Format(value));
        }
        catch (Exception ex)
        {
            LogNotShown(logger, value.Table, ex.Message);
        }
    }

    public static string Format(BackfillProgress progress) => string.Create(CultureInfo.InvariantCulture,
        $"{progress.Table}: {progress.Copied}/{progress.Total} rows ({progress.Percent:0.0} %), {progress.RowsPerSecond:0} rows/s");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Backfill progress of {Table} not shown on the job page: {Reason}")]
    private static partial void LogNotShown(ILogger logger, string table, string reason);
}
