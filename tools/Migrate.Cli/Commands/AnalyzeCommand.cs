using System.CommandLine;
using System.Diagnostics;
using Migration.Analysis;
using Migration.Analysis.Reports;

namespace Migrate.Cli.Commands;

/// <summary>`migrate analyze`: the coupling report of built assemblies, for the plan's stage or a what-if.</summary>
internal static class AnalyzeCommand
{
    private static readonly string[] AllFormats = ["json", "md", "html"];

    public static Command Create()
    {
        var input = new AnalysisInputOptions();
        var output = new Option<string>("--output", "-o")
        {
            Description = "Folder for the reports (coupling.json, coupling.md, coupling.html).",
            DefaultValueFactory = _ => "coupling-report",
        };
        var formats = new Option<string[]>("--format", "-f")
        {
            Description = "Report formats: json, md, html (default: all).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => AllFormats,
        };
        formats.AcceptOnlyFromAmong(AllFormats);

        var command = new Command("analyze", "Analyse the coupling of built assemblies by module and write reports.");
        input.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(formats);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            var report = Analyzer.Analyze(input.ToRequest(parse), CommandRunner.Progress);
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            foreach (var format in parse.GetValue(formats)!.Distinct())
            {
                var (file, text) = format switch
                {
                    "json" => ("coupling.json", JsonReport.Write(report)),
                    "md" => ("coupling.md", MarkdownReport.Write(report)),
                    _ => ("coupling.html", HtmlReport.Write(report)),
                };
                File.WriteAllText(Path.Combine(folder, file), text);
                Console.WriteLine($"Wrote {Path.Combine(folder, file)}");
            }

            var supporting = report.Modules.Where(m => m.Role != "module").GroupBy(m => m.Role).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}").ToList();
            Console.WriteLine($"{report.Scenario}: {report.Modules.Count(m => m.Role == "module")} modules{(supporting.Count > 0 ? $" (and {string.Join(", ", supporting)})" : "")}, " +
                $"{report.Edges.Count(e => !e.Wiring)} dependencies, {report.Cycles.Count} cycles, {report.Blockers.Count} blockers ({clock.Elapsed.TotalSeconds:0.0} s).");
            foreach (var warning in report.Warnings)
            {
                Console.Error.WriteLine($"warning: {warning}");
            }

            return 0;
        }));
        return command;
    }
}
