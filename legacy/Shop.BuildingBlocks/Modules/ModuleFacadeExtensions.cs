using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Shop.BuildingBlocks.Events;
using Shop.BuildingBlocks.Modules.Facades;

namespace Shop.BuildingBlocks.Modules;

public static class ModuleFacadeExtensions
{
    /// <summary>The front door's service-discovery name; the monolith calls through it from canary on when it is configured.</summary>
    public const string FrontDoor = "proxy";

    /// <summary>The HttpClient of every facade call over the network (the estate's defaults: discovery, resilience).</summary>
    public const string HttpClientName = "module-facades";

    /// <summary>
    /// The facades of a module (classes named *Facade implementing contract interfaces named I*Facade) as
    /// other modules see them, chosen per request scope (so a flip applies to the next request) by
    /// <see cref="IModuleStages"/>: the implementation in process, or an HTTP client of the module's facade
    /// endpoints through the front door or straight to the service the plan names for the module. The
    /// implementation itself is registered too: the facade endpoints answer with it.
    /// </summary>
    internal static IServiceCollection AddModuleFacades(this IServiceCollection services, string module, Assembly implementation)
    {
        var facades = implementation.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.Name.EndsWith("Facade", StringComparison.Ordinal))
            .SelectMany(type => type.GetInterfaces()
                .Where(contract => contract.Name.StartsWith('I') && contract.Name.EndsWith("Facade", StringComparison.Ordinal))
                .Select(contract => new ModuleFacade(module, contract, type)));
        foreach (var facade in facades)
        {
            services.AddScoped(facade.Implementation);
            services.AddSingleton(facade);
            services.AddScoped(facade.Contract, provider => provider.GetRequiredService<IModuleStages>().RouteOf(module) switch
            {
                FacadeRoute.InProcess => provider.GetRequiredService(facade.Implementation),
                FacadeRoute.FrontDoor => FacadeClient.Create(facade.Contract, Http(provider), module, FrontDoor),
                _ => FacadeClient.Create(facade.Contract, Http(provider), module, ServiceOf(provider, module)),
            });
        }

        return services;
    }

    private static HttpClient Http(IServiceProvider provider) =>
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);

    private static string ServiceOf(IServiceProvider provider, string module) =>
        provider.GetServices<ModuleServiceAddress>().FirstOrDefault(s => s.Module == module)?.Service
        ?? throw new InvalidOperationException($"The plan extracts module '{module}' but names no service for it.");
}
