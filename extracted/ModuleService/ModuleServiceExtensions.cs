using System.Reflection;
using DataSync.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Shop.BuildingBlocks.Persistence;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A module of the Shop served on its own: its database ("ConnectionStrings:&lt;module&gt;", provider from
/// "Database:Provider"), its changes logged (they flow back to the monolith once the service owns the
/// data), and DataSync with the monolith's tables of the module ("ConnectionStrings:legacy", provider
/// from "DataSync:Legacy:Provider"). Everything is named after the module, so a new service needs no
/// configuration of its own beyond connection strings.
/// </summary>
public static class ModuleServiceExtensions
{
    public const string LegacyConnectionName = "legacy";
    public const string LegacyProviderKey = "DataSync:Legacy:Provider";

    /// <param name="module">The module's name in the plan, which is also its schema and connection name.</param>
    /// <param name="contracts">The module's contracts assembly (its integration events).</param>
    /// <param name="create">Creates the module's DbContext from options, for DataSync on either database.</param>
    public static IHostApplicationBuilder AddModuleService<TContext>(
        this IHostApplicationBuilder builder, string module, Assembly contracts, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : ModuleDbContext => builder
        .AddModuleDatabase(module)
        .AddModule<TContext>(module, contracts)
        .CaptureChanges(module)
        .AddDataSync(new ModuleSync(
            module,
            // No outbox signalling on these: sync writes are copies, not domain events.
            OpenLegacy: services => create(Options<TContext>(ModuleDatabaseOptions.Read(
                services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>(), LegacyConnectionName, LegacyProviderKey), module)),
            OpenService: services => create(Options<TContext>(services.GetRequiredService<ModuleDatabaseOptions>(), module))));

    private static DbContextOptions<TContext> Options<TContext>(ModuleDatabaseOptions database, string module)
        where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>().UseModuleDatabase(database, module).Options;
}
