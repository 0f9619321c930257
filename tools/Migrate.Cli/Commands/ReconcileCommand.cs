using Contracts.DataSync;
using Contracts.Estate;
using System.CommandLine;
using System.Text.Json;
using Migration.Analysis;

namespace Migrate.Cli.Commands;

/// <summary>
/// `migrate reconcile &lt;module&gt; --url URL [--repair]`: asks the module's service (on this machine) to
/// compare its tables with the data owner's, and to repair the follower on request. An estate call: it carries
/// the estate's service key (`--service-key`, or the environment's Estate__ServiceKey, as the hosts read it).
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
        // No default value: help would print it, and it is a secret; the environment is read when the command runs.
        var key = new Option<string>("--service-key")
        {
            Description = "The estate's service key (Estate:ServiceKey), which DataSync's endpoints require; without it, the environment's Estate__ServiceKey.",
        };
        var command = new Command("reconcile", "Compare a module's tables between the monolith and its service; report, and repair on request.");
        command.Arguments.Add(module);
        command.Options.Add(url);
        command.Options.Add(repair);
        command.Options.Add(key);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var address = CommandRunner.HttpAddress("--url", parse.GetValue(url)!);
            var serviceKey = (parse.GetValue(key) ?? Environment.GetEnvironmentVariable("Estate__ServiceKey")) is { Length: > 0 } given ? given
                : throw new AnalysisException("--service-key: DataSync answers the estate's own calls only; give the estate's service key (or set Estate__ServiceKey).");
            return ReconcileAsync(parse.GetValue(module)!, address, serviceKey, parse.GetValue(repair)).GetAwaiter().GetResult();
        }));
        return command;
    }

    private static async Task<int> ReconcileAsync(string module, Uri url, string serviceKey, bool repair)
    {
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(30), DefaultRequestHeaders = { { ServiceKey.Header, serviceKey } } };
        Console.Error.WriteLine($"Reconciling {module} at {url}{(repair ? ", repairing" : "")}...");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(ReconcileReport.PathOf(module, repair).TrimStart('/'), null);
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

            var report = JsonSerializer.Deserialize<ReconcileReport>(body, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new AnalysisException($"{url}: an empty reconcile report");
            foreach (var table in report.Tables)
            {
                Console.WriteLine($"{table.Table}: {table.OwnerRows} rows at the owner, " +
                    $"{table.FollowerRows} at the follower; {table.Missing.Count} missing, {table.Extra.Count} extra, {table.Different.Count} different");
                foreach (var (kind, keys) in new[] { ("missing", table.Missing), ("extra", table.Extra), ("different", table.Different) })
                {
                    foreach (var key in keys.Take(20))
                    {
                        Console.WriteLine($"  {kind,-9} {key}");
                    }
                }
            }

            var differences = report.Differences;
            var owner = report.Owner;
            Console.WriteLine(differences == 0 ? $"In sync (owner: {owner})."
                : repair ? $"Repaired {differences} rows from the owner ({owner})."
                : $"{differences} rows differ from the owner ({owner}); run again with --repair to fix them.");
            return differences == 0 || repair ? 0 : CommandRunner.Failed;
        }
    }

}
