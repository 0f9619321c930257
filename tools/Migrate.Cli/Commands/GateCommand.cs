using System.CommandLine;
using Migration.Analysis;
using Migration.Analysis.Gate;

namespace Migrate.Cli.Commands;

/// <summary>
/// `migrate gate --baseline FILE`: fails when coupling got worse than the committed baseline, and when an
/// item was fixed but is still listed. `--update` takes fixed items out; it never adds new ones.
/// </summary>
internal static class GateCommand
{
    public static Command Create()
    {
        var input = new AnalysisInputOptions();
        var baselineOption = new Option<string>("--baseline", "-b")
        {
            Description = "The committed baseline of accepted coupling items (JSON).",
            Required = true,
        };
        var update = new Option<bool>("--update")
        {
            Description = "Remove fixed items from the baseline (or create it when there is none). New items are never accepted.",
        };

        var command = new Command("gate", "Fail when coupling is worse than the baseline, or better without the baseline saying so.");
        input.AddTo(command);
        command.Options.Add(baselineOption);
        command.Options.Add(update);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(baselineOption)!;
            var report = Analyzer.Analyze(input.ToRequest(parse), CommandRunner.Progress);
            if (!File.Exists(path))
            {
                if (!parse.GetValue(update))
                {
                    throw new AnalysisException($"{path}: no such baseline; create it with --update.");
                }

                GateBaseline.From(report).Write(path);
                Console.WriteLine($"Created {path} with {GateBaseline.ItemsOf(report).Count} items.");
                return 0;
            }

            var baseline = GateBaseline.Read(path);
            var result = GateResult.Check(baseline, report);
            foreach (var item in result.New)
            {
                Console.WriteLine($"NEW    {item}");
            }

            foreach (var item in result.Fixed)
            {
                Console.WriteLine($"FIXED  {item}");
            }

            if (parse.GetValue(update) && result.New.Count == 0 && result.Fixed.Count > 0)
            {
                new GateBaseline(GateBaseline.CurrentFormatVersion, [.. baseline.Items.Except(result.Fixed, StringComparer.Ordinal)]).Write(path);
                Console.WriteLine($"Removed {result.Fixed.Count} fixed items from {path}.");
                return 0;
            }

            if (result.Passed)
            {
                Console.WriteLine($"Gate passed: {baseline.Items.Count} known items, none new, none fixed.");
                return 0;
            }

            Console.WriteLine(result.New.Count > 0
                ? $"Gate failed: {result.New.Count} new coupling items (fix them; the baseline only shrinks)."
                : $"Gate failed: {result.Fixed.Count} items are fixed; remove them from the baseline with --update.");
            return CommandRunner.Failed;
        }));
        return command;
    }
}
