namespace Shop.BuildingBlocks.Events;

/// <summary>
/// Handles an integration event from another module. Called at least once per event: make it
/// idempotent, normally with <see cref="InboxExtensions.ProcessOnceAsync"/>.
/// </summary>
public interface IIntegrationEventHandler<in TEvent> where TEvent : notnull
{
    Task HandleAsync(IntegrationEventContext context, TEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>Delivery facts about an event: its outbox id (the idempotency key), name and time.</summary>
public sealed record IntegrationEventContext(Guid MessageId, string EventName, DateTime OccurredAt);
