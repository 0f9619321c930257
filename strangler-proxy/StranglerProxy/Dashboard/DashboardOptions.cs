namespace StranglerProxy.Dashboard;

/// <summary>"Migration:Dashboard": what the dashboard shows besides the proxy's own figures.</summary>
internal sealed class DashboardOptions
{
    public const string SectionName = "Migration:Dashboard";

    /// <summary>A coupling report of the current state (`migrate analyze -f html`), shown as is; none by default.</summary>
    public string? CouplingReport { get; init; }

    /// <summary>
    /// Whether the page and its read-only status answer on the public port as well as the management port,
    /// to anyone (with nothing a stranger should read: no request samples, audit reasons, addresses or
    /// coupling report). Off by default: the public port serves the estate's routes only.
    /// </summary>
    public bool Public { get; init; }

    /// <summary>Stage changes listed per module, newest first.</summary>
    public int History { get; init; } = 10;

    /// <summary>Recent shadow mismatches listed per module.</summary>
    public int RecentMismatches { get; init; } = 5;

    /// <summary>How often the charts take a point of each module's traffic, failures, shadowing and sync lag.</summary>
    public TimeSpan ChartInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How far back the charts reach: the proxy keeps <see cref="ChartWindow"/> / <see cref="ChartInterval"/> points per module.</summary>
    public TimeSpan ChartWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>More points than this per module would make the page slow to draw and the proxy's memory grow for nothing.</summary>
    public const int MaxChartPoints = 20_000;

    /// <summary>The points kept per module: the window over the interval.</summary>
    public int ChartPoints => (int)Math.Clamp(ChartWindow / ChartInterval, 1, MaxChartPoints);

    /// <summary>Every setting that cannot work, with its key and why (none: the charts can run).</summary>
    public IEnumerable<PlanError> Errors()
    {
        if (ChartInterval <= TimeSpan.Zero)
        {
            yield return new PlanError(PlanError.Configuration, $"{SectionName}:{nameof(ChartInterval)}", $"must be longer than zero, not {ChartInterval}.");
        }
        else if (ChartWindow < ChartInterval || ChartWindow / ChartInterval > MaxChartPoints)
        {
            yield return new PlanError(PlanError.Configuration, $"{SectionName}:{nameof(ChartWindow)}",
                $"must hold between 1 and {MaxChartPoints} points of {ChartInterval}, not {ChartWindow}.");
        }
    }
}
