using System.Text.Json;
using Migration.Analysis.Reports;

namespace Migration.Analysis.Gate;

/// <summary>
/// The ratchet: the coupling items (boundary violations, foreign table uses, cycles, blockers) known and
/// accepted today. A build fails on an item that is not in the baseline, and also on a baseline item
/// that is gone, until it is removed: so the baseline can only shrink.
/// </summary>
public sealed record GateBaseline(int FormatVersion, IReadOnlyList<string> Items)
{
    public const int CurrentFormatVersion = 1;

    /// <summary>The gate's items of a report, one line each, naming the exact types or tables.</summary>
    public static IReadOnlyList<string> ItemsOf(AnalysisReport report) =>
        [.. report.Edges.SelectMany(e => e.ImplementationReferences.Select(r => $"implementation reference {e.From} -> {e.To}: {r}"))
            .Concat(report.Tables.SelectMany(t => t.UsedBy
                .Where(u => t.Owner is { } owner && owner != u.Module)
                .Select(u => $"foreign table {u.Module} -> {t.Owner}: {t.Table} ({u.Kind}: {u.Where})")))
            .Concat(report.Cycles.Select(c => $"cycle: {string.Join(", ", c.Modules)}"))
            .Concat(report.Blockers.Select(b => $"blocker {b.Key}"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    public static GateBaseline From(AnalysisReport report) => new(CurrentFormatVersion, ItemsOf(report));

    /// <exception cref="AnalysisException">Unreadable, malformed, or of another format version.</exception>
    public static GateBaseline Read(string path)
    {
        try
        {
            var baseline = JsonSerializer.Deserialize<GateBaseline>(File.ReadAllText(path), JsonReport.Options);
            return baseline is { Items: not null, FormatVersion: CurrentFormatVersion }
                ? baseline
                : throw new AnalysisException($"{path}: not a gate baseline of format {CurrentFormatVersion}.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AnalysisException($"{path}: {ex.Message}");
        }
        catch (JsonException ex)
        {
            throw new AnalysisException($"{path}: not a gate baseline ({ex.Path ?? "$"}: {ex.Message.Split(". ")[0]}).");
        }
    }

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, JsonReport.Options) + "\n");
}

/// <summary>The gate's verdict: items that are new (fail) and items that are fixed but still listed (fail too).</summary>
public sealed record GateResult(IReadOnlyList<string> New, IReadOnlyList<string> Fixed)
{
    public bool Passed => New.Count == 0 && Fixed.Count == 0;

    public static GateResult Check(GateBaseline baseline, AnalysisReport current)
    {
        var items = GateBaseline.ItemsOf(current);
        return new GateResult(
            [.. items.Except(baseline.Items, StringComparer.Ordinal)],
            [.. baseline.Items.Except(items, StringComparer.Ordinal)]);
    }
}
