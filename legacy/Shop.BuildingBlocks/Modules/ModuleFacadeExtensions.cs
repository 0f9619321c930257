using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Shop.BuildingBlocks.Modules;

public static class ModuleFacadeExtensions
{
    /// <summary>The front door's service-discovery name; the monolith calls through it from canary on when it is configured.</summary>
    public const string FrontDoor = "proxy";

    /// <summary>
    /// A module's facade as other modules see it, chosen per request scope (so a flip applies to the next
    /// request) by <see cref="IModuleStages"/>: the in-process implementation, or an HTTP client of the
    /// module's API through the front door or straight to the module's service. Addresses are service
    /// names, resolved by service discovery, with the estate's HttpClient resilience defaults.
    /// </summary>
    public static IHostApplicationBuilder AddModuleFacade<TFacade, TInProcess, TClient>(this IHostApplicationBuilder builder, string module, string service)
        where TFacade : class
        where TInProcess : class, TFacade
        where TClient : class, TFacade
    {
        builder.Services.AddScoped<TInProcess>();
        builder.Services.AddSingleton(new Events.ModuleServiceAddress(module, service));
        builder.Services.AddHttpClient($"{module}:{FacadeRoute.Service}", http => http.BaseAddress = new Uri($"http://{service}"));
        builder.Services.AddHttpClient($"{module}:{FacadeRoute.FrontDoor}", http => http.BaseAddress = new Uri($"http://{FrontDoor}"));
        builder.Services.AddScoped<TFacade>(services => services.GetRequiredService<IModuleStages>().RouteOf(module) switch
        {
            FacadeRoute.InProcess => services.GetRequiredService<TInProcess>(),
            var route => ActivatorUtilities.CreateInstance<TClient>(services,
                services.GetRequiredService<IHttpClientFactory>().CreateClient($"{module}:{route}")),
        });
        return builder;
    }
}
