namespace StranglerProxy.Admin;

/// <summary>One stage change made through the admin API (or by the proxy itself); <see cref="Forced"/> when it went past the promotion gate.</summary>
public sealed record AuditEntry(
    DateTimeOffset At, string Actor, string Module, string From, string To, double? FromPercent, double? ToPercent, string Reason, bool Forced = false);
