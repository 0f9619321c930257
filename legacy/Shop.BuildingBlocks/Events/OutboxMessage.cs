using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Shop.BuildingBlocks.Events;

/// <summary>An integration event waiting in the publishing module's schema until it is dispatched.</summary>
public sealed class OutboxMessage
{
    internal const int MaxErrorLength = 2000;

    private OutboxMessage()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The stable event name ("ordering.order-placed.v1"), never a CLR type name.</summary>
    public string EventName { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public DateTime OccurredAt { get; private set; }

    public DateTime? ProcessedAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    internal static OutboxMessage Create(object integrationEvent, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        EventName = IntegrationEventName.Of(integrationEvent.GetType()),
        Payload = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), IntegrationEventJson.Options),
        OccurredAt = now,
        NextAttemptAt = now,
    };

    internal void MarkProcessed(DateTime now)
    {
        ProcessedAt = now;
        LastError = null;
    }

    internal void MarkFailed(string error, DateTime now, TimeSpan retryAfter)
    {
        Attempts++;
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        NextAttemptAt = now + retryAfter;
    }

    internal static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<OutboxMessage>(outbox =>
    {
        outbox.ToTable("outbox_messages");
        outbox.HasKey(m => m.Id);
        outbox.Property(m => m.EventName).HasMaxLength(200);
        outbox.Property(m => m.LastError).HasMaxLength(MaxErrorLength);
        outbox.HasIndex(m => new { m.ProcessedAt, m.NextAttemptAt });
    });
}
