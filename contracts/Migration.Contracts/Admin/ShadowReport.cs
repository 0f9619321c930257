using Plan.Transitions;

namespace Contracts.Admin;

/// <summary>What shadowing found for a module (GET <see cref="AdminPaths.ModuleShadow"/>), per route.</summary>
public sealed record ShadowReport(
    string Module, string Stage, DateTimeOffset Since, long Compared, long Matched, long Mismatched, long Errors, long Dropped,
    double MismatchRate, GateDecision Promotion, IReadOnlyList<RouteReport> Routes);

public sealed record RouteReport(
    string Route, long Compared, long Matched, long Mismatched, long Errors, IReadOnlyList<string> Noise,
    IReadOnlyList<MismatchRecord> LastMismatches, IReadOnlyList<ErrorRecord> LastErrors);

/// <summary>A mismatched exchange: the request (sensitive headers redacted) and what differed.</summary>
public sealed record MismatchRecord(
    DateTimeOffset At, string Method, string Path, IReadOnlyDictionary<string, string> RequestHeaders, IReadOnlyList<Difference> Differences);

/// <summary>An exchange that could not be compared because the extracted side did not answer.</summary>
public sealed record ErrorRecord(DateTimeOffset At, string Method, string Path, string Error);

/// <summary>One difference: where, and each side's value as JSON text (null when the side has none there).</summary>
public sealed record Difference(string Path, string? Legacy, string? Extracted)
{
    public const string Redacted = "[redacted]";
}
