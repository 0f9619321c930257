using Contracts.Admin;
using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Migration.Analysis;

namespace Migrate.Cli.Commands;

/// <summary>`migrate shadow &lt;module&gt; --proxy URL`: what shadowing found, per route, with the last differences.</summary>
internal static class ShadowCommand
{
    public static Command Create()
    {
        var module = new Argument<string>("module") { Description = "The module, as named in the plan (e.g. catalog)." };
        var proxy = new Option<string>("--proxy") { Description = "The strangler proxy's management address, where its admin API answers (e.g. http://127.0.0.1:8081).", Required = true };
        var token = new Option<string?>("--token") { Description = $"The proxy's admin token (default: ${ProxyAdminClient.TokenVariable})." };
        var reset = new Option<bool>("--reset") { Description = "Start counting afresh (after a fix to the service, say)." };
        var command = new Command("shadow", "Show the shadow comparison of a module: matches, mismatches with their differences, and the promotion gate.");
        command.Arguments.Add(module);
        command.Options.Add(proxy);
        command.Options.Add(token);
        command.Options.Add(reset);
        command.SetAction(parse => CommandRunner.Run(() =>
            ShowAsync(parse.GetValue(module)!, parse.GetValue(proxy)!, parse.GetValue(token), parse.GetValue(reset)).GetAwaiter().GetResult()));
        return command;
    }

    private static async Task<int> ShowAsync(string module, string proxy, string? token, bool reset)
    {
        using var admin = new ProxyAdminClient(proxy, token);
        var path = AdminPaths.Relative(AdminPaths.ModuleShadow, module);
        if (reset)
        {
            var (cleared, problem) = await admin.SendAsync(HttpMethod.Delete, path);
            if (cleared != HttpStatusCode.NoContent)
            {
                throw new AnalysisException($"{(int)cleared}: {CommandRunner.Why(problem)}");
            }

            Console.WriteLine($"Shadow comparisons of {module} start afresh.");
            return 0;
        }

        var (status, report, refused) = await admin.SendAsync<ShadowReport>(HttpMethod.Get, path);
        if (report is null)
        {
            throw new AnalysisException($"{(int)status}: {CommandRunner.Why(refused)}");
        }

        Print(report);
        return 0;
    }

    private static void Print(ShadowReport report)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Module} ({report.Stage}), since {report.Since:u}: " +
            $"{report.Compared} compared, {report.Matched} matched, {report.Mismatched} mismatched, " +
            $"{report.Errors} errors, {report.Dropped} dropped; mismatch rate {report.MismatchRate:P2}"));
        Console.WriteLine($"Promotion gate: {(report.Promotion.Passed ? "open" : "closed")}. {report.Promotion.Reason}");
        foreach (var route in report.Routes)
        {
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{route.Route}: {route.Compared} compared, {route.Matched} matched, {route.Mismatched} mismatched, {route.Errors} errors"));
            if (route.Noise.Count > 0)
            {
                Console.WriteLine($"  noise: {string.Join(", ", route.Noise)}");
            }

            foreach (var mismatch in route.LastMismatches.Take(3))
            {
                Console.WriteLine($"  {mismatch.Method} {mismatch.Path}");
                foreach (var difference in mismatch.Differences)
                {
                    Console.WriteLine($"    {difference.Path}: {difference.Legacy ?? "(none)"} (legacy) vs {difference.Extracted ?? "(none)"} (extracted)");
                }
            }

            foreach (var error in route.LastErrors.Take(3))
            {
                Console.WriteLine($"  {error.Method} {error.Path}: {error.Error}");
            }
        }
    }
}
