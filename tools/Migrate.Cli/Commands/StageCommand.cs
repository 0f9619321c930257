using Contracts.Admin;
using System.CommandLine;
using System.Globalization;
using System.Net;
using Migration.Analysis;
using Plan;
using Plan.Transitions;

namespace Migrate.Cli.Commands;

/// <summary>
/// `migrate stage &lt;module&gt; &lt;stage&gt;`: moves a module to another stage. With --proxy, through the proxy's
/// admin API, which applies the promotion gate and fences a move of the data owner; without, by editing the
/// plan file through the same transition engine: a promotion then needs --force (no shadow evidence here),
/// and a move of the data owner is refused (nothing here can hold the module's writes). Audited either way,
/// and the actor is the credential's: the admin token's name, or the user running the command.
/// </summary>
internal static class StageCommand
{
    public static Command Create()
    {
        var module = new Argument<string>("module") { Description = "The module, as named in the plan (e.g. catalog)." };
        var stage = new Argument<string>("stage") { Description = $"The new stage: {StageNames.All}." };
        var percent = new Option<double?>("--percent", "-p") { Description = "The canary share, 0 to 100 (required the first time a module goes to canary)." };
        var reason = new Option<string>("--reason", "-r") { Description = "Why; it goes into the audit trail.", DefaultValueFactory = _ => "changed with migrate stage" };
        var force = new Option<bool>("--force") { Description = "Go past the promotion gate (audited), or change the plan file without the proxy's checks." };
        var proxy = new Option<string?>("--proxy") { Description = "The strangler proxy's management address (e.g. http://127.0.0.1:8081): change the stage through its admin API." };
        var token = new Option<string?>("--token") { Description = $"The proxy's admin token (default: ${ProxyAdminClient.TokenVariable})." };
        var plan = new Option<string>("--plan") { Description = "Without --proxy: the plan file to edit.", DefaultValueFactory = _ => "migration.json" };

        var command = new Command("stage", "Move a module to another stage: through the proxy (gate and fence applied), or by editing the plan.");
        command.Arguments.Add(module);
        command.Arguments.Add(stage);
        foreach (var option in new Option[] { percent, reason, force, proxy, token, plan })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.Run(() =>
        {
            if (!StageNames.TryParse(parse.GetValue(stage), out var target))
            {
                throw new AnalysisException($"Unknown stage '{parse.GetValue(stage)}'; expected one of {StageNames.All}.");
            }

            var change = new StageRequest(parse.GetValue(module)!, target, parse.GetValue(percent), parse.GetValue(reason)!, parse.GetValue(force));
            return parse.GetValue(proxy) is { } address
                ? ThroughProxyAsync(change, address, parse.GetValue(token)).GetAwaiter().GetResult()
                : InPlanFileAsync(change, parse.GetValue(plan)!).GetAwaiter().GetResult();
        }));
        return command;
    }

    private static async Task<int> ThroughProxyAsync(StageRequest change, string proxy, string? token)
    {
        using var admin = new ProxyAdminClient(proxy, token);
        Console.Error.WriteLine($"Moving {change.Module} to {change.Stage.ToPlanName()} through {admin.Address}...");
        var (status, moved, problem) = await admin.SendAsync<ModuleStatus>(HttpMethod.Put, AdminPaths.Relative(AdminPaths.ModuleStage, change.Module),
            new ChangeStageRequest(change.Stage.ToPlanName(), change.Percent, change.Reason, change.Force));
        switch (status)
        {
            case HttpStatusCode.OK:
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{change.Module} is at {moved!.Stage}{(moved.Stage == "canary" ? $" ({moved.Percent} %)" : "")}."));
                return 0;
            case HttpStatusCode.Conflict:
                // The gate or the fence said no: the plan is unchanged, which is a result, not bad input.
                Console.Error.WriteLine($"migrate: refused: {CommandRunner.Why(problem)}");
                return CommandRunner.Failed;
            default:
                throw new AnalysisException($"{(int)status}: {CommandRunner.Why(problem)}");
        }
    }

    /// <summary>Through the same transition engine as the proxy, with no shadow evidence and no fence to offer.</summary>
    private static async Task<int> InPlanFileAsync(StageRequest change, string path)
    {
        var audit = new AuditFile(AuditFile.BesidePlan(path));
        var plans = new PlanFileVersions(path, audit: audit);
        var offline = new WithoutAProxy();
        var transitions = new StageTransitions(plans, offline, offline, audit, TimeProvider.System);
        var result = await transitions.RunAsync(
            new StageChange(change.Module, change.Stage, change.Percent, change.Reason, Environment.UserName, change.Force), CancellationToken.None);
        switch (result.Outcome)
        {
            case StageChangeOutcome.Applied:
                Console.WriteLine($"{change.Module}: {result.Before!.Stage.ToPlanName()} -> {result.After!.Stage.ToPlanName()} in {plans.FilePath}.");
                return 0;
            case StageChangeOutcome.UnknownModule:
                throw new AnalysisException($"{plans.FilePath}: the plan has no module '{change.Module}'.");
            case StageChangeOutcome.Invalid:
                throw new InvalidPlanException(result.Errors);
            default:
                throw new AnalysisException(result.Reason ?? result.Outcome.ToString());
        }
    }

    private sealed record StageRequest(string Module, Stage Stage, double? Percent, string Reason, bool Force);
}
