namespace Shop.BuildingBlocks.Events;

/// <summary>Outbox dispatch settings (section "Outbox").</summary>
public sealed record OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>How often the outbox is polled when nothing signals new messages.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; init; } = 50;

    /// <summary>After this many failed attempts a message stays in the outbox for an operator.</summary>
    public int MaxAttempts { get; init; } = 10;

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(1);
}
