using Microsoft.EntityFrameworkCore;
using Plan;

namespace DataSync.Hosting;

/// <summary>
/// One module to sync: its name, and how to open its DbContext on the monolith's database (the legacy
/// side) and on the service's. Both use the module's table layout.
/// </summary>
public sealed record ModuleSync(string Name, Func<IServiceProvider, DbContext> OpenLegacy, Func<IServiceProvider, DbContext> OpenService)
{
    /// <summary>Which of the two opened sides changes flow from and to in <paramref name="direction"/> (not None).</summary>
    public static (DbContext Source, DbContext Target) Sides(SyncDirection direction, DbContext legacy, DbContext service) =>
        direction == SyncDirection.LegacyToService ? (legacy, service) : (service, legacy);
}
