using System.Globalization;

namespace Shop.Walkthrough;

/// <summary>
/// One step done: the traffic of its module meanwhile (<paramref name="Observed"/>: the part seen at the
/// step's new stage, which gives the split), and where the estate stood after it.
/// </summary>
internal sealed record StepResult(
    string Module,
    string Step,
    string Stage,
    TrafficSample Traffic,
    TrafficSample Observed,
    long Mismatches,
    int? SyncLag,
    int CrossingReferences,
    TimeSpan Took,
    string? Broken)
{
    public string Split => Observed.Answered == 0 ? "-" : $"{LegacyPercent}/{100 - LegacyPercent}";

    private int LegacyPercent => (int)Math.Round(100.0 * Observed.Legacy / Observed.Answered, MidpointRounding.AwayFromZero);
}

/// <summary>The walkthrough's live table: a header, then a row per step as it completes.</summary>
internal sealed class StepTable(TextWriter writer)
{
    public static readonly string[] Headers =
        ["module", "step", "stage", "legacy/service %", "requests", "failed", "mismatches", "sync lag", "coupling across", "took"];

    private static readonly int[] Widths = [10, 18, 10, 16, 8, 6, 10, 8, 15, 7];

    public void WriteHeader()
    {
        writer.WriteLine(Line(Headers));
        writer.WriteLine(Line([.. Widths.Select(w => new string('-', w))]));
    }

    public void Write(StepResult step)
    {
        writer.WriteLine(Line(Cells(step)));
        if (step.Broken is { } broken)
        {
            writer.WriteLine($"  BROKEN: {broken}");
        }
    }

    public static string[] Cells(StepResult step) =>
    [
        step.Module, step.Step, step.Stage, step.Split,
        N(step.Traffic.Answered + step.Traffic.Failed), N(step.Traffic.Failed), N(step.Mismatches),
        step.SyncLag is { } lag ? N(lag) : "-", N(step.CrossingReferences),
        string.Create(CultureInfo.InvariantCulture, $"{step.Took.TotalSeconds:0.0} s"),
    ];

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => c.PadRight(Widths[i]))).TrimEnd();
}
