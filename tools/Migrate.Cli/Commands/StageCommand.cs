using System.CommandLine;
using System.Globalization;
using System.Net;
using Migration.Analysis;
using Plan;

namespace Migrate.Cli.Commands;

/// <summary>
/// `migrate stage &lt;module&gt; &lt;stage&gt;`: moves a module to another stage. With --proxy, through the proxy's
/// admin API, which applies the promotion gate and fences an owner flip; without, by editing the plan
/// file, where neither can be checked, so such changes need --force.
/// </summary>
internal static class StageCommand
{
    public static Command Create()
    {
        var module = new Argument<string>("module") { Description = "The module, as named in the plan (e.g. catalog)." };
        var stage = new Argument<string>("stage") { Description = $"The new stage: {StageNames.All}." };
        var percent = new Option<double?>("--percent", "-p") { Description = "The canary share, 0 to 100 (required the first time a module goes to canary)." };
        var reason = new Option<string>("--reason", "-r") { Description = "Why; it goes into the audit trail.", DefaultValueFactory = _ => "changed with migrate stage" };
        var actor = new Option<string>("--actor") { Description = "Who; it goes into the audit trail.", DefaultValueFactory = _ => Environment.UserName };
        var force = new Option<bool>("--force") { Description = "Go past the promotion gate (audited), or change the plan file without the proxy's checks." };
        var proxy = new Option<string?>("--proxy") { Description = "The strangler proxy's address (e.g. http://127.0.0.1:5000): change the stage through its admin API." };
        var token = new Option<string?>("--token") { Description = $"The proxy's admin token (default: ${ProxyAdminClient.TokenVariable})." };
        var plan = new Option<string>("--plan") { Description = "Without --proxy: the plan file to edit.", DefaultValueFactory = _ => "migration.json" };

        var command = new Command("stage", "Move a module to another stage: through the proxy (gate and fence applied), or by editing the plan.");
        command.Arguments.Add(module);
        command.Arguments.Add(stage);
        foreach (var option in new Option[] { percent, reason, actor, force, proxy, token, plan })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.Run(() =>
        {
            if (!StageNames.TryParse(parse.GetValue(stage), out var target))
            {
                throw new AnalysisException($"Unknown stage '{parse.GetValue(stage)}'; expected one of {StageNames.All}.");
            }

            var change = new StageChange(parse.GetValue(module)!, target, parse.GetValue(percent), parse.GetValue(reason)!, parse.GetValue(actor)!, parse.GetValue(force));
            return parse.GetValue(proxy) is { } address
                ? ThroughProxyAsync(change, address, parse.GetValue(token)).GetAwaiter().GetResult()
                : InPlanFileAsync(change, parse.GetValue(plan)!).GetAwaiter().GetResult();
        }));
        return command;
    }

    private static async Task<int> ThroughProxyAsync(StageChange change, string proxy, string? token)
    {
        using var admin = new ProxyAdminClient(proxy, token);
        Console.Error.WriteLine($"Moving {change.Module} to {change.Stage.ToPlanName()} through {admin.Address}...");
        var (status, body) = await admin.SendAsync(HttpMethod.Put, $"modules/{Uri.EscapeDataString(change.Module)}/stage", new
        {
            stage = change.Stage.ToPlanName(), percent = change.Percent, reason = change.Reason, actor = change.Actor, force = change.Force,
        });
        switch (status)
        {
            case HttpStatusCode.OK:
                var percent = body.GetProperty("percent").GetDouble();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{change.Module} is at {body.GetProperty("stage").GetString()}{(body.GetProperty("stage").GetString() == "canary" ? $" ({percent} %)" : "")}."));
                return 0;
            case HttpStatusCode.Conflict:
                // The gate or the fence said no: the plan is unchanged, which is a result, not bad input.
                Console.Error.WriteLine($"migrate: refused: {CommandRunner.Why(body)}");
                return CommandRunner.Failed;
            default:
                throw new AnalysisException($"{(int)status}: {CommandRunner.Why(body)}");
        }
    }

    private static async Task<int> InPlanFileAsync(StageChange change, string path)
    {
        var before = PlanFile.Load(path).Modules.GetValueOrDefault(change.Module)
            ?? throw new AnalysisException($"{Path.GetFullPath(path)}: the plan has no module '{change.Module}'.");
        if (!change.Force && before.PassesThePromotionGate(change.Stage))
        {
            throw new AnalysisException($"The promotion gate needs the proxy's shadow comparisons: use --proxy, or --force to edit the plan without it.");
        }

        if (!change.Force && before.MovesTheDataOwner(change.Stage))
        {
            throw new AnalysisException($"Moving the data owner of {change.Module} by editing the plan is not fenced: use --proxy, or --force after checking the sync lag is zero.");
        }

        var fullPath = Path.GetFullPath(path);
        var updated = PlanEdit.SetStage(await File.ReadAllTextAsync(fullPath), change.Module, change.Stage, change.Percent)!;
        var result = new PlanParser().Parse(updated, fullPath);
        if (result.Plan is null)
        {
            throw new InvalidPlanException(result.Errors);
        }

        await PlanEdit.WriteAtomicallyAsync(fullPath, updated, CancellationToken.None);
        Console.WriteLine($"{change.Module}: {before.Stage.ToPlanName()} -> {change.Stage.ToPlanName()} in {fullPath}.");
        return 0;
    }

    private sealed record StageChange(string Module, Stage Stage, double? Percent, string Reason, string Actor, bool Force);
}
