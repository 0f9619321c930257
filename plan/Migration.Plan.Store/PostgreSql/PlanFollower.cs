using Microsoft.Extensions.Logging;
using Npgsql;

namespace Plan.Store.PostgreSql;

/// <summary>
/// Follows the store's plan: listens on its channel, so a change arrives as soon as it commits, and reads
/// the row again at the poll interval in case a notification was lost with a dropped connection. After a
/// lost connection it connects again and reads at once. Every process that serves by the plan runs one.
/// </summary>
public sealed partial class PlanFollower(PostgresPlanStore store, TimeSpan pollInterval, ILogger logger)
{
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(500);

    /// <summary>Calls <paramref name="onPlan"/> with every version of the plan it sees, in order, until cancelled.</summary>
    public async Task RunAsync(Func<StoredPlan, CancellationToken, Task> onPlan, CancellationToken cancellationToken)
    {
        var seen = -1;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {store.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                Connected?.Invoke();
                while (!cancellationToken.IsCancellationRequested)
                {
                    // Read after listening: a change committed in between is read here or announced after.
                    if (await store.ReadAsync(connection, cancellationToken) is { } plan && plan.Version != seen)
                    {
                        await onPlan(plan, cancellationToken);
                        seen = plan.Version;
                    }

                    await connection.WaitAsync(pollInterval, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException
                && !cancellationToken.IsCancellationRequested)
            {
                LogLost(logger, store.Description, ex.Message);
                await Task.Delay(Backoff, cancellationToken);
            }
        }
    }

    /// <summary>Raised each time the follower is listening again (at start, and after a lost connection).</summary>
    public event Action? Connected;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the plan store ({Store}): {Reason}; connecting again")]
    private static partial void LogLost(ILogger logger, string store, string reason);
}
