using System.CommandLine;
using System.Text.Json;
using Migration.Analysis;

namespace Migrate.Cli.Commands;

/// <summary>
/// `migrate reconcile &lt;module&gt; --url URL [--repair]`: asks the module's service (on this machine) to
/// compare its tables with the data owner's, and to repair the follower on request.
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create()
    {
        var module = new Argument<string>("module") { Description = "The module to reconcile, as named in the plan (e.g. catalog)." };
        var url = new Option<string>("--url", "-u")
        {
            Description = "Base address of the module's service, where DataSync runs (e.g. http://127.0.0.1:5180).",
            Required = true,
        };
        var repair = new Option<bool>("--repair") { Description = "Copy missing and different rows from the data owner, delete extra ones." };
        var command = new Command("reconcile", "Compare a module's tables between the monolith and its service; report, and repair on request.");
        command.Arguments.Add(module);
        command.Options.Add(url);
        command.Options.Add(repair);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var address = CommandRunner.HttpAddress("--url", parse.GetValue(url)!);
            return ReconcileAsync(parse.GetValue(module)!, address, parse.GetValue(repair)).GetAwaiter().GetResult();
        }));
        return command;
    }

    private static async Task<int> ReconcileAsync(string module, Uri url, bool repair)
    {
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(30) };
        Console.Error.WriteLine($"Reconciling {module} at {url}{(repair ? ", repairing" : "")}...");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync($"datasync/reconcile/{Uri.EscapeDataString(module)}?repair={(repair ? "true" : "false")}", null);
        }
        catch (HttpRequestException ex)
        {
            throw new AnalysisException($"{url}: {ex.Message}");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                var detail = body.Length > 0 ? CommandRunner.Why(JsonDocument.Parse(body).RootElement) : response.ReasonPhrase;
                throw new AnalysisException($"{url}: {(int)response.StatusCode} {detail}");
            }

            using var report = JsonDocument.Parse(body);
            var root = report.RootElement;
            var differences = 0;
            foreach (var table in root.GetProperty("tables").EnumerateArray())
            {
                var (missing, extra, different) = (Count(table, "missing"), Count(table, "extra"), Count(table, "different"));
                differences += missing + extra + different;
                Console.WriteLine($"{table.GetProperty("table").GetString()}: {table.GetProperty("ownerRows").GetInt64()} rows at the owner, " +
                    $"{table.GetProperty("followerRows").GetInt64()} at the follower; {missing} missing, {extra} extra, {different} different");
                foreach (var kind in new[] { "missing", "extra", "different" })
                {
                    foreach (var key in table.GetProperty(kind).EnumerateArray().Take(20))
                    {
                        Console.WriteLine($"  {kind,-9} {key.GetString()}");
                    }
                }
            }

            var owner = root.GetProperty("owner").GetString();
            Console.WriteLine(differences == 0 ? $"In sync (owner: {owner})."
                : repair ? $"Repaired {differences} rows from the owner ({owner})."
                : $"{differences} rows differ from the owner ({owner}); run again with --repair to fix them.");
            return differences == 0 || repair ? 0 : CommandRunner.Failed;
        }
    }

    private static int Count(JsonElement table, string property) => table.GetProperty(property).GetArrayLength();
}
