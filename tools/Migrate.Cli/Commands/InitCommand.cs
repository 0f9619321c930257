using System.CommandLine;
using Migration.Analysis;
using Migration.Analysis.Init;

namespace Migrate.Cli.Commands;

/// <summary>
/// `migrate init`: drafts migration.json from an application's build output (and its OpenAPI document),
/// writes it with the schema beside it, and says what it guessed and what a person must check.
/// </summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var assemblies = new Option<string>("--assemblies", "-a")
        {
            Description = "The application's build output: the folder of its host (entry) assembly, with its *.deps.json.",
            Required = true,
        };
        var openApi = new Option<string?>("--openapi")
        {
            Description = "The application's OpenAPI document, a file or an http(s) URL: routes are taken from it, grouped by module (by tag, else by path segment).",
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The plan to write; migration.schema.json is written beside it.",
            DefaultValueFactory = _ => "migration.json",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Overwrite an existing plan.",
        };

        var command = new Command("init", "Draft a migration plan (migration.json) from a build output: modules, roles, tables and routes, each guess said.");
        foreach (var option in new Option[] { assemblies, openApi, output, force })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = Path.GetFullPath(parse.GetValue(output)!);
            if (File.Exists(path) && !parse.GetValue(force))
            {
                throw new AnalysisException($"{path} exists; give --force to overwrite it, or --output another file.");
            }

            var document = parse.GetValue(openApi) is { } source ? (ReadOpenApi(source), source) : ((string, string)?)null;
            var draft = PlanDraft.Create(BuildOutput.Read(parse.GetValue(assemblies)!), document, CommandRunner.Progress);

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, draft.ToJson());
            var schema = Path.Combine(Path.GetDirectoryName(path)!, "migration.schema.json");
            File.WriteAllText(schema, Schema());
            Console.WriteLine($"Wrote {path} and {schema}.");
            Console.WriteLine();
            Console.WriteLine("Guessed:");
            foreach (var line in draft.Guessed)
            {
                Console.WriteLine($"  - {line}");
            }

            Console.WriteLine();
            Console.WriteLine("Check before you rely on it:");
            foreach (var line in draft.Check.Append("Every module is at stage legacy, served by the monolith (service \"legacy\"): name the services your service discovery knows before you move one."))
            {
                Console.WriteLine($"  - {line}");
            }

            // The proxy reads the plan with the same parser: a draft it would refuse is said, not left to be found.
            var errors = new Plan.PlanParser().Parse(draft.ToJson(), path).Errors;
            foreach (var error in errors)
            {
                Console.WriteLine($"  - Not valid yet: {error}");
            }

            Console.WriteLine();
            Console.WriteLine($"Next: migrate analyze --plan \"{parse.GetValue(output)}\" -a \"{parse.GetValue(assemblies)}\"");
            return errors.Count == 0 ? 0 : CommandRunner.Failed;
        }));
        return command;
    }

    private static string ReadOpenApi(string source)
    {
        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            try
            {
                return http.GetStringAsync(CommandRunner.HttpAddress("--openapi", source).ToString().TrimEnd('/')).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                throw new AnalysisException($"--openapi {source}: {ex.Message}");
            }
        }

        return File.Exists(source) ? File.ReadAllText(source) : throw new AnalysisException($"--openapi {source}: no such file.");
    }

    /// <summary>The plan's JSON schema, as shipped inside the tool.</summary>
    private static string Schema()
    {
        using var stream = typeof(InitCommand).Assembly.GetManifestResourceStream("migration.schema.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
