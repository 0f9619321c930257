using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.BuildingBlocks.Modules;
using Shop.BuildingBlocks.Persistence;

namespace Shop.BuildingBlocks.Events;

/// <summary>
/// Delivers one module's outbox to the handlers of every module (through <see cref="IntegrationEventDelivery"/>,
/// also across processes), at least once, in order of occurrence. A failing handler makes the message retry with backoff; handlers that already
/// succeeded skip the retry through their inbox.
/// </summary>
internal sealed partial class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    OutboxSignal<TContext> signal,
    IntegrationEventDelivery delivery,
    ModuleInitialization initialization,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : ModuleDbContext
{
    private readonly OutboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The tables may not exist before the host has created or migrated them.
        await initialization.Completed.WaitAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            int dispatched;
            try
            {
                dispatched = await DispatchBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(logger, typeof(TContext).Name, ex);
                dispatched = 0;
            }

            if (dispatched < _options.BatchSize)
            {
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Dispatches the messages that are due; returns how many were attempted.</summary>
    internal async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMessages
            .Where(m => m.ProcessedAt == null && m.Attempts < _options.MaxAttempts && m.NextAttemptAt <= now)
            .OrderBy(m => m.OccurredAt).ThenBy(m => m.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);

        foreach (var message in due)
        {
            try
            {
                await DeliverAsync(message, cancellationToken);
                message.MarkProcessed(time.GetUtcNow().UtcDateTime);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var retryAfter = RetryDelay(message.Attempts + 1);
                LogDeliveryFailed(logger, message.EventName, message.Id, message.Attempts + 1, retryAfter, ex);
                message.MarkFailed(ex.ToString(), time.GetUtcNow().UtcDateTime, retryAfter);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return due.Count;
    }

    private Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        delivery.DeliverAsync(message.EventName, message.Payload, new IntegrationEventContext(message.Id, message.EventName, message.OccurredAt),
            origin: null, cancellationToken);

    private TimeSpan RetryDelay(int attempt)
    {
        var seconds = Math.Pow(2, Math.Min(attempt, 16));
        return TimeSpan.FromSeconds(Math.Min(seconds, _options.MaxRetryDelay.TotalSeconds));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox of {Context} could not be read")]
    private static partial void LogBatchFailed(ILogger logger, string context, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Delivering {EventName} {MessageId} failed (attempt {Attempt}); retrying in {RetryAfter}")]
    private static partial void LogDeliveryFailed(
        ILogger logger, string eventName, Guid messageId, int attempt, TimeSpan retryAfter, Exception exception);
}
