namespace StranglerProxy.Admin;

/// <summary>One stage change made through the admin API.</summary>
public sealed record AuditEntry(
    DateTimeOffset At, string Actor, string Module, string From, string To, double? FromPercent, double? ToPercent, string Reason);
