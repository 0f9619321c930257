using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Host.Tests.Infrastructure;

/// <summary>
/// The real Shop host on Kestrel at 127.0.0.1 with a dynamic port, on a database of its own that
/// the subclass provides. One instance serves one test class.
/// </summary>
public abstract class ShopHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly List<Action<IServiceCollection>> _testServices = [];

    protected abstract string ProviderName { get; }

    /// <summary>Null when the database cannot be had here; tests then skip, saying why.</summary>
    protected abstract string? ConnectionString { get; }

    public virtual string? SkipReason => null;

    public async ValueTask InitializeAsync()
    {
        await PrepareDatabaseAsync();
        if (SkipReason is not null)
        {
            return;
        }

        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        ClientOptions.BaseAddress = ManagementAddresses.PublicOf(Services);
    }

    /// <summary>A client of the running server; skips the calling test when the database is unavailable.</summary>
    public HttpClient CreateShopClient()
    {
        if (SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        return CreateClient();
    }

    /// <summary>A client of the host's management port (readiness, metrics, OpenAPI).</summary>
    public HttpClient CreateManagementClient()
    {
        if (SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        return new HttpClient { BaseAddress = Testing.Support.ManagementAddresses.Of(Services) };
    }

    /// <summary>The estate's service key this host takes for its facades and inbox.</summary>
    public const string ServiceKey = "shop-test-service-key";

    /// <summary>A client that calls as the estate does (its service key on every request): for the facade endpoints.</summary>
    public HttpClient CreateEstateClient()
    {
        var client = CreateShopClient();
        client.DefaultRequestHeaders.Add(Contracts.Estate.ServiceKey.Header, ServiceKey);
        return client;
    }

    /// <summary>Adds test-only services (before the server starts, so call it from a subclass constructor).</summary>
    protected void WithTestServices(Action<IServiceCollection> configure) => _testServices.Add(configure);

    protected abstract Task PrepareDatabaseAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", ProviderName);
        builder.UseSetting("ConnectionStrings:shop", ConnectionString);
        builder.UseSetting(Contracts.Estate.ServiceKey.ConfigurationKey, ServiceKey);
        // Retries in tests should take milliseconds, not the production backoff.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Outbox:PollInterval", "00:00:00.200");
        builder.UseSetting("Outbox:MaxRetryDelay", "00:00:00.100");
        builder.ConfigureTestServices(services => _testServices.ForEach(configure => configure(services)));
    }
}
