namespace StranglerProxy.Dashboard;

/// <summary>"Migration:Dashboard": what the dashboard shows besides the proxy's own figures.</summary>
internal sealed class DashboardOptions
{
    public const string SectionName = "Migration:Dashboard";

    /// <summary>A coupling report of the current state (`migrate analyze -f html`), shown as is; none by default.</summary>
    public string? CouplingReport { get; init; }

    /// <summary>
    /// Whether the page and its read-only data answer on the public port as well as the management port
    /// (still behind the admin token). Off by default: the public port serves the estate's routes only.
    /// </summary>
    public bool Public { get; init; }

    /// <summary>Stage changes listed per module, newest first.</summary>
    public int History { get; init; } = 10;

    /// <summary>Recent shadow mismatches listed per module.</summary>
    public int RecentMismatches { get; init; } = 5;
}
