using Migration.Analysis;
using Plan;

namespace Migrate.Cli.Commands;

/// <summary>Runs a command's work: expected failures become one line on stderr and a non-zero exit, never a stack trace.</summary>
internal static class CommandRunner
{
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Unexpected = 3;

    public static int Run(Func<int> work)
    {
        try
        {
            return work();
        }
        catch (AnalysisException ex)
        {
            Console.Error.WriteLine($"migrate: {ex.Message}");
            return BadInput;
        }
        catch (InvalidPlanException ex)
        {
            Console.Error.WriteLine($"migrate: {ex.Errors[0]}" + (ex.Errors.Count > 1 ? $" (and {ex.Errors.Count - 1} more)" : ""));
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"migrate: {ex.Message}");
            return BadInput;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("MIGRATE_DEBUG") is not "1")
        {
            // Not expected: still one line (MIGRATE_DEBUG=1 shows the stack trace for a bug report).
            Console.Error.WriteLine($"migrate: unexpected {ex.GetType().Name}: {ex.Message.Split('\n')[0].Trim()}");
            return Unexpected;
        }
    }

    /// <summary>Progress goes to stderr, so stdout stays clean for what a command prints.</summary>
    public static IProgress<string> Progress { get; } = new SynchronousProgress(message => Console.Error.WriteLine(message));

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
