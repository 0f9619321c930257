using System.Text.Encodings.Web;
using System.Text.Json;

namespace Migration.Analysis.Reports;

/// <summary>The report as JSON: indented, camelCase, in the report's stable order, with its format version.</summary>
public static class JsonReport
{
    // Relaxed escaping keeps "->" and quotes readable in a file people review in pull requests.
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(AnalysisReport report) => JsonSerializer.Serialize(report, Options) + "\n";

    /// <exception cref="AnalysisException">The file is missing, not a report, or of another format version.</exception>
    public static AnalysisReport Read(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AnalysisException($"{path}: {ex.Message}");
        }

        AnalysisReport? report;
        try
        {
            report = JsonSerializer.Deserialize<AnalysisReport>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new AnalysisException($"{path}: not an analysis report ({ex.Path ?? "$"}: {ex.Message.Split(". ")[0]}).");
        }

        if (report is null || report.Modules is null || report.Edges is null)
        {
            throw new AnalysisException($"{path}: not an analysis report.");
        }

        return report.FormatVersion == AnalysisReport.CurrentFormatVersion
            ? report
            : throw new AnalysisException($"{path}: report format {report.FormatVersion}; this version reads format {AnalysisReport.CurrentFormatVersion}.");
    }
}
