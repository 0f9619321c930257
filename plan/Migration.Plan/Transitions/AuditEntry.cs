namespace Plan.Transitions;

/// <summary>One stage change, or a refused one (From equals To, and the reason says why); <see cref="Forced"/> when it went past the promotion gate.</summary>
public sealed record AuditEntry(
    DateTimeOffset At, string Actor, string Module, string From, string To, double? FromPercent, double? ToPercent, string Reason, bool Forced = false);

/// <summary>Where stage changes are recorded; an entry is durable before the change is acknowledged.</summary>
public interface IAuditTrail
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);
}
