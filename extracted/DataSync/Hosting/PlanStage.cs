using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Plan;

namespace DataSync.Hosting;

/// <summary>
/// The one reader of the plan in a DataSync process: the module's stage, from "Migration:PlanPath",
/// read again only when the file changed. Without a plan the module counts as on its way out (legacy).
/// An invalid plan keeps the last good stage.
/// </summary>
public sealed class PlanStage(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly Lock _gate = new();
    private (PlanFileStamp Written, MigrationPlan Plan)? _last;

    public Stage Of(string module)
    {
        var configured = configuration["Migration:PlanPath"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Stage.Legacy;
        }

        var path = Path.GetFullPath(configured, environment.ContentRootPath);
        lock (_gate)
        {
            var written = PlanFileStamp.Of(path);
            if (_last is not { } last || last.Written != written)
            {
                try
                {
                    _last = (written, PlanFile.Load(path));
                }
                catch (InvalidPlanException) when (_last is not null)
                {
                    // Keep following the last good plan, as the proxy does.
                }
            }

            return _last!.Value.Plan.Modules.TryGetValue(module, out var plan) ? plan.Stage : Stage.Legacy;
        }
    }
}
