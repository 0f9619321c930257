using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Plan;
using Plan.Store;

namespace DataSync.Hosting;

/// <summary>
/// The one reader of the plan in a DataSync process (and in the monolith): the module's stage, from the
/// shared plan store when Migration:Store:Provider is PostgreSql, else from "Migration:PlanPath", read
/// again only when the file changed. Without a plan the module counts as on its way out (legacy).
/// An invalid plan keeps the last good stage.
/// </summary>
public sealed class PlanStage(IConfiguration configuration, IHostEnvironment environment, SharedPlanFeed? shared = null)
{
    private readonly Lock _gate = new();
    private (PlanFileStamp Written, MigrationPlan Plan)? _last;

    /// <summary>Registers the reader, and the shared store's feed when the plan lives there.</summary>
    public static void AddTo(IServiceCollection services, IConfiguration configuration)
    {
        SharedPlanFeed.AddTo(services, configuration);
        services.AddSingleton<PlanStage>();
    }

    public Stage Of(string module)
    {
        if (shared is not null)
        {
            return shared.Current.Modules.TryGetValue(module, out var stored) ? stored.Stage : Stage.Legacy;
        }

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
