using Contracts.Admin;
using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Migration.Analysis;
using Plan;

namespace Migrate.Cli.Commands;

/// <summary>
/// `migrate status`: where every module stands. With --proxy, live from the proxy's admin API (stage,
/// canary share, requests served by each side, shadow comparisons and the promotion gate); without, from
/// the plan file.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var proxy = new Option<string?>("--proxy") { Description = "The strangler proxy's management address (e.g. http://127.0.0.1:8081): live status from its admin API." };
        var token = new Option<string?>("--token") { Description = $"The proxy's admin token (default: ${ProxyAdminClient.TokenVariable})." };
        var plan = new Option<string>("--plan") { Description = "Without --proxy: the plan file to read.", DefaultValueFactory = _ => "migration.json" };
        var command = new Command("status", "Show where every module stands: from the proxy (live traffic and shadowing) or from the plan file.");
        command.Options.Add(proxy);
        command.Options.Add(token);
        command.Options.Add(plan);
        command.SetAction(parse => CommandRunner.Run(() => parse.GetValue(proxy) is { } address
            ? LiveAsync(address, parse.GetValue(token)).GetAwaiter().GetResult()
            : FromPlan(parse.GetValue(plan)!)));
        return command;
    }

    private static int FromPlan(string path)
    {
        if (!File.Exists(path))
        {
            throw new AnalysisException($"{path}: no such plan file.");
        }

        var plan = PlanFile.Load(path);
        Console.WriteLine($"{Path.GetFullPath(path)} (the plan file; pass --proxy for live traffic)");
        Table(["module", "stage", "canary", "service", "routes"], plan.Modules.Values.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => new[]
        {
            m.Name, m.Stage.ToPlanName(), Percent(m.Stage == Stage.Canary ? m.Canary.Percent : null), m.Service, string.Join(" ", m.Routes),
        }));
        return 0;
    }

    private static async Task<int> LiveAsync(string proxy, string? token)
    {
        using var admin = new ProxyAdminClient(proxy, token);
        var (status, body, problem) = await admin.SendAsync<StatusResponse>(HttpMethod.Get, AdminPaths.Relative(AdminPaths.Status));
        if (body is null)
        {
            throw new AnalysisException($"{admin.Address}: {(int)status} {CommandRunner.Why(problem)}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{body.Plan.File}, version {body.Plan.Version}, loaded {body.Plan.LoadedAt:u}"));
        if (body.Rejected is { Errors: [var error, ..] })
        {
            Console.WriteLine($"The last edit of the plan was rejected and the previous plan keeps serving: {error}");
        }

        Table(["module", "stage", "canary", "served by legacy", "served by service", "shadow compared", "mismatch rate", "promotion"],
            body.Modules.Select(m => new[]
            {
                m.Name,
                m.Stage,
                Percent(m.Stage == "canary" ? m.Percent : null),
                m.Requests.Legacy.ToString(CultureInfo.InvariantCulture),
                m.Requests.Extracted.ToString(CultureInfo.InvariantCulture),
                m.Shadow is { } c ? c.Compared.ToString(CultureInfo.InvariantCulture) : "-",
                m.Shadow is { } r ? r.MismatchRate.ToString("P2", CultureInfo.InvariantCulture) : "-",
                m.Shadow is { } g ? Promotion(g.Promotion) : "-",
            }));
        foreach (var module in body.Modules.Where(m => m.WritesRefused is not null))
        {
            Console.WriteLine($"{module.Name}: READS ONLY, writes refused: {module.WritesRefused}");
        }

        if (body.Plan.FileDiffers is { } differs)
        {
            Console.WriteLine(differs);
        }

        if (body.Replicas is { Count: > 0 } replicas)
        {
            // Every proxy sharing the plan store, and whether it serves the version just shown.
            Console.WriteLine();
            Table(["replica", "address", "serves version", "lease"], replicas.Select(r => new[]
            {
                r.Self ? $"{r.Id} (answered)" : r.Id,
                r.Address,
                r.PlanVersion.ToString(CultureInfo.InvariantCulture) + (r.PlanVersion == body.Plan.Version ? "" : " (behind)"),
                r.Live ? "live" : $"expired, last renewed {r.RenewedAt:u}",
            }));
        }

        return 0;
    }

    private static string Promotion(Plan.Transitions.GateDecision decision) => decision.Passed ? "allowed" : $"held: {decision.Reason}";

    private static string Percent(double? percent) => percent is { } p ? p.ToString("0.##", CultureInfo.InvariantCulture) + " %" : "-";

    /// <summary>A plain-text table, columns as wide as their widest cell.</summary>
    internal static void Table(string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(headers).ToList();
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
