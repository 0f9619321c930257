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
        var proxy = new Option<string>("--proxy") { Description = "The strangler proxy's address (e.g. http://127.0.0.1:5000).", Required = true };
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
        var path = $"modules/{Uri.EscapeDataString(module)}/shadow";
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

        var (status, report) = await admin.SendAsync(HttpMethod.Get, path);
        if (status != HttpStatusCode.OK)
        {
            throw new AnalysisException($"{(int)status}: {CommandRunner.Why(report)}");
        }

        Print(report);
        return 0;
    }

    private static void Print(JsonElement report)
    {
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant,
            $"{report.GetProperty("module").GetString()} ({report.GetProperty("stage").GetString()}), since {report.GetProperty("since").GetDateTimeOffset():u}: " +
            $"{Long(report, "compared")} compared, {Long(report, "matched")} matched, {Long(report, "mismatched")} mismatched, " +
            $"{Long(report, "errors")} errors, {Long(report, "dropped")} dropped; mismatch rate {report.GetProperty("mismatchRate").GetDouble():P2}"));
        var promotion = report.GetProperty("promotion");
        Console.WriteLine($"Promotion gate: {(promotion.GetProperty("passed").GetBoolean() ? "open" : "closed")}. {promotion.GetProperty("reason").GetString()}");
        foreach (var route in report.GetProperty("routes").EnumerateArray())
        {
            Console.WriteLine();
            Console.WriteLine($"{route.GetProperty("route").GetString()}: {Long(route, "compared")} compared, {Long(route, "matched")} matched, " +
                $"{Long(route, "mismatched")} mismatched, {Long(route, "errors")} errors");
            if (route.GetProperty("noise").GetArrayLength() > 0)
            {
                Console.WriteLine($"  noise: {string.Join(", ", route.GetProperty("noise").EnumerateArray().Select(n => n.GetString()))}");
            }

            foreach (var mismatch in route.GetProperty("lastMismatches").EnumerateArray().Take(3))
            {
                Console.WriteLine($"  {mismatch.GetProperty("method").GetString()} {mismatch.GetProperty("path").GetString()}");
                foreach (var difference in mismatch.GetProperty("differences").EnumerateArray())
                {
                    Console.WriteLine($"    {difference.GetProperty("path").GetString()}: {Value(difference, "legacy")} (legacy) vs {Value(difference, "extracted")} (extracted)");
                }
            }

            foreach (var error in route.GetProperty("lastErrors").EnumerateArray().Take(3))
            {
                Console.WriteLine($"  {error.GetProperty("method").GetString()} {error.GetProperty("path").GetString()}: {error.GetProperty("error").GetString()}");
            }
        }
    }

    private static long Long(JsonElement element, string property) => element.GetProperty(property).GetInt64();

    private static string Value(JsonElement difference, string side) =>
        difference.GetProperty(side).ValueKind == JsonValueKind.Null ? "(none)" : difference.GetProperty(side).GetString()!;
}
