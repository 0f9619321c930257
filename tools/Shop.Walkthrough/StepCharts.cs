using System.Globalization;

namespace Shop.Walkthrough;

/// <summary>
/// The walkthrough's steps as four charts, one bar per step: who answered the module's traffic at the
/// step's stage, the requests that failed, the shadow mismatches the proxy counted, and the type
/// references that cross a process boundary after the step.
/// </summary>
internal static class StepCharts
{
    private const string LegacyColour = "#60a5fa";
    private const string ServiceColour = "#34d399";

    public static IEnumerable<string> Write(IReadOnlyList<StepResult> steps)
    {
        yield return BarChart.Write("split", "Traffic split: who answered at the step's stage", [.. steps.Select(Split)], fullScale: 100,
            [("legacy", LegacyColour), ("service", ServiceColour)]);
        yield return Counts("failures", "Failed requests", "#dc2626", steps, s => s.Traffic.Failed, "failed");
        yield return Counts("mismatches", "Shadow mismatches (the proxy's count so far)", "#f59e0b", steps, s => s.Mismatches, "mismatches");
        yield return Counts("coupling", "Type references crossing a process boundary", "#8b5cf6", steps, s => s.CrossingReferences, "crossing");
    }

    private static Bar Split(StepResult step)
    {
        var answered = step.Observed.Answered;
        var legacy = answered == 0 ? 0 : 100.0 * step.Observed.Legacy / answered;
        return new Bar(step.Module, step.Step,
            answered == 0 ? [] : [new Segment(legacy, LegacyColour), new Segment(100 - legacy, ServiceColour)],
            step.Split,
            answered == 0
                ? $"{step.Module}, {step.Step} ({step.Stage}): no answers observed"
                : $"{step.Module}, {step.Step} ({step.Stage}): {step.Split} legacy/service % of {N(answered)} answers ({N(step.Observed.Legacy)} legacy, {N(step.Observed.Service)} service)",
            [("stage", step.Stage), ("split", step.Split), ("legacy", N(step.Observed.Legacy)), ("service", N(step.Observed.Service))]);
    }

    /// <summary>A chart of one count per step; a negative count is one the walkthrough could not get, shown as '?'.</summary>
    private static string Counts(string chart, string title, string colour, IReadOnlyList<StepResult> steps, Func<StepResult, long> count, string name) =>
        BarChart.Write(chart, title, [.. steps.Select(step =>
        {
            var value = count(step);
            var shown = value < 0 ? "?" : N(value);
            return new Bar(step.Module, step.Step, value > 0 ? [new Segment(value, colour)] : [], shown,
                $"{step.Module}, {step.Step} ({step.Stage}): {title.ToLowerInvariant()}: {shown}", [(name, shown)]);
        })], fullScale: null, legend: []);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
