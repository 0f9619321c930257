using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Shop.BuildingBlocks.Modules;

public static class ModuleFacadeExtensions
{
    /// <summary>
    /// A module's facade as other modules see it: the in-process implementation while the monolith serves
    /// the module, an HTTP client of the module's service once the plan has extracted it (checked per
    /// request scope, so a flip applies to the next request). The client's address is the service's name,
    /// resolved by service discovery, with the estate's HttpClient resilience defaults.
    /// </summary>
    public static IHostApplicationBuilder AddModuleFacade<TFacade, TInProcess, TClient>(this IHostApplicationBuilder builder, string module, string service)
        where TFacade : class
        where TInProcess : class, TFacade
        where TClient : class, TFacade
    {
        builder.Services.AddScoped<TInProcess>();
        builder.Services.AddHttpClient<TClient>(http => http.BaseAddress = new Uri($"http://{service}"));
        builder.Services.AddScoped<TFacade>(services => services.GetRequiredService<IModuleStages>().IsServedByItsService(module)
            ? services.GetRequiredService<TClient>()
            : services.GetRequiredService<TInProcess>());
        return builder;
    }
}
