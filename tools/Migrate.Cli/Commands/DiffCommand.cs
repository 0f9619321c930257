using System.CommandLine;
using Migration.Analysis.Diff;
using Migration.Analysis.Reports;

namespace Migrate.Cli.Commands;

/// <summary>`migrate diff A.json B.json`: what changed between two reports, as Markdown.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var before = new Argument<string>("before") { Description = "The earlier coupling.json." };
        var after = new Argument<string>("after") { Description = "The later coupling.json." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the Markdown here instead of to stdout." };
        var command = new Command("diff", "Compare two coupling reports: edges, table uses and blockers that appeared or went, and metric deltas.");
        command.Arguments.Add(before);
        command.Arguments.Add(after);
        command.Options.Add(output);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var (beforePath, afterPath) = (parse.GetValue(before)!, parse.GetValue(after)!);
            var markdown = ReportDiff.Compare(JsonReport.Read(beforePath), JsonReport.Read(afterPath))
                .ToMarkdown(Path.GetFileName(beforePath), Path.GetFileName(afterPath));
            if (parse.GetValue(output) is { } file)
            {
                File.WriteAllText(file, markdown);
                Console.WriteLine($"Wrote {file}");
            }
            else
            {
                Console.Write(markdown);
            }

            return 0;
        }));
        return command;
    }
}
