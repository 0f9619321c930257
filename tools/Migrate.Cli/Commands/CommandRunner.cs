using Migration.Analysis;
using Plan;

namespace Migrate.Cli.Commands;

/// <summary>Runs a command's work: expected failures become one line on stderr and a non-zero exit, never a stack trace.</summary>
internal static class CommandRunner
{
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int Unexpected = 3;

    /// <summary>The program the one-line errors name: `migrate`, or the sample's walkthrough that runs on this.</summary>
    private static readonly string Program = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "migrate";

    public static int Run(Func<int> work)
    {
        try
        {
            return work();
        }
        catch (AnalysisException ex)
        {
            Console.Error.WriteLine($"{Program}: {ex.Message}");
            return BadInput;
        }
        catch (InvalidPlanException ex)
        {
            Console.Error.WriteLine($"{Program}: {ex.Errors[0]}" + (ex.Errors.Count > 1 ? $" (and {ex.Errors.Count - 1} more)" : ""));
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{Program}: {ex.Message}");
            return BadInput;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("MIGRATE_DEBUG") is not "1")
        {
            // Not expected: still one line (MIGRATE_DEBUG=1 shows the stack trace for a bug report).
            Console.Error.WriteLine($"{Program}: unexpected {ex.GetType().Name}: {ex.Message.Split('\n')[0].Trim()}");
            return Unexpected;
        }
    }

    /// <summary>An http(s) base address given as <paramref name="option"/>, with the trailing slash relative paths need.</summary>
    public static Uri HttpAddress(string option, string text) =>
        Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? address
            : throw new AnalysisException($"{option} '{text}' is not an http(s) address.");

    /// <summary>A ProblemDetails answer in one line: its validation errors, else its detail, else its title.</summary>
    public static string Why(System.Text.Json.JsonElement problem)
    {
        if (problem.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return "no details";
        }

        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            return string.Join("; ", errors.EnumerateObject().Select(e => $"{e.Name}: {string.Join(" ", e.Value.EnumerateArray().Select(v => v.GetString()))}"));
        }

        return problem.TryGetProperty("detail", out var detail) ? detail.GetString() ?? ""
            : problem.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "no details";
    }

    /// <summary>Progress goes to stderr, so stdout stays clean for what a command prints.</summary>
    public static IProgress<string> Progress { get; } = new SynchronousProgress(message => Console.Error.WriteLine(message));

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
