using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Modules.Customers.Apis;
using Shop.Modules.Customers.Contracts;
using Shop.Modules.Customers.Persistence;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The customers module: accounts and addresses, under /api/customers.</summary>
public static class CustomersModule
{
    public static IHostApplicationBuilder AddCustomersModule(this IHostApplicationBuilder builder) =>
        builder.AddModule<CustomersDbContext>(CustomersDbContext.SchemaName, typeof(ICustomersFacade).Assembly);

    public static IEndpointRouteBuilder MapCustomersEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/customers").MapCustomersApi();
        return app;
    }
}
