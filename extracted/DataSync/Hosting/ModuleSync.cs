using Microsoft.EntityFrameworkCore;

namespace DataSync.Hosting;

/// <summary>
/// One module to sync: its name, and how to open its DbContext on the monolith's database (the legacy
/// side) and on the service's. Both use the module's table layout.
/// </summary>
public sealed record ModuleSync(string Name, Func<IServiceProvider, DbContext> OpenLegacy, Func<IServiceProvider, DbContext> OpenService);
