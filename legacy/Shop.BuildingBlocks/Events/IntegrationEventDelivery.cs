using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.BuildingBlocks.Modules;
using Contracts.Estate;

namespace Shop.BuildingBlocks.Events;

/// <summary>
/// Delivers an integration event in this process and across process boundaries. Here: to the handlers
/// of every module this process serves. A module the plan has extracted handles events in its service:
/// its handlers here are skipped and the event is posted to the service's inbox instead. A service also
/// posts its own events to the processes named in "Events:Upstream" (the monolith, where the other
/// modules are). Every hop is at least once; handlers de-duplicate by the original message id.
/// </summary>
public sealed class IntegrationEventDelivery(
    IServiceScopeFactory scopes, IntegrationEventCatalog catalog, IEnumerable<ModuleAssembly> modules, IEnumerable<ModuleServiceAddress> services,
    IHttpClientFactory http, IConfiguration configuration)
{
    public const string InboxPath = "/integration-events";
    public const string IdHeader = "X-Event-Id";
    public const string OccurredAtHeader = "X-Event-Occurred-At";
    public const string OriginHeader = "X-Event-Origin";
    public const string HttpClientName = "integration-events";

    private readonly Dictionary<System.Reflection.Assembly, string> _moduleOf = modules.ToDictionary(m => m.Assembly, m => m.Module);
    private readonly Dictionary<string, string> _serviceOf = services.ToDictionary(s => s.Module, s => s.Service, StringComparer.Ordinal);

    /// <summary>The estate's service key, which the inboxes take; without one, events stay in their process.</summary>
    public ServiceKey? Key { get; } = ServiceKey.From(configuration);

    /// <param name="origin">The process the event came from (never posted back to), or null for this process's own outbox.</param>
    public async Task DeliverAsync(string eventName, string payload, IntegrationEventContext context, string? origin, CancellationToken cancellationToken)
    {
        var eventType = catalog.Find(eventName)
            ?? throw new InvalidOperationException($"No contract in this process declares event '{eventName}'.");
        var integrationEvent = JsonSerializer.Deserialize(payload, eventType, IntegrationEventJson.Options)
            ?? throw new InvalidOperationException($"Event {context.MessageId} has an empty payload.");
        var invoker = HandlerInvoker.For(eventType);

        var remote = new SortedSet<string>(StringComparer.Ordinal);
        int handlerCount;
        await using (var probe = scopes.CreateAsyncScope())
        {
            handlerCount = invoker.Count(probe.ServiceProvider);
        }

        // Each handler runs in its own scope, so a failing handler cannot leave half-made changes in a
        // DbContext another handler then saves.
        for (var index = 0; index < handlerCount; index++)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (Key is not null && ServiceOfExtracted(scope.ServiceProvider, invoker.HandlerTypeAt(scope.ServiceProvider, index)) is { } service)
            {
                remote.Add(service);
                continue;
            }

            await invoker.InvokeAsync(scope.ServiceProvider, index, context, integrationEvent, cancellationToken);
        }

        if (Key is null)
        {
            return;
        }

        if (origin is null)
        {
            foreach (var upstream in configuration.GetSection("Events:Upstream").Get<string[]>() ?? [])
            {
                remote.Add(upstream);
            }
        }

        remote.Remove(origin ?? "");
        foreach (var target in remote)
        {
            await PostAsync(target, eventName, payload, context, cancellationToken);
        }
    }

    /// <summary>The service that handles the module of <paramref name="handler"/>, when the plan has extracted it.</summary>
    private string? ServiceOfExtracted(IServiceProvider services, Type handler) =>
        _moduleOf.TryGetValue(handler.Assembly, out var module) && _serviceOf.TryGetValue(module, out var service)
        && services.GetRequiredService<IModuleStages>().RouteOf(module) == FacadeRoute.Service
            ? service
            : null;

    private async Task PostAsync(string service, string eventName, string payload, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://{service}{InboxPath}/{Uri.EscapeDataString(eventName)}"))
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(IdHeader, context.MessageId.ToString());
        request.Headers.Add(OccurredAtHeader, context.OccurredAt.ToString("O"));
        request.Headers.Add(OriginHeader, configuration["Events:Self"] ?? "");
        // The client adds the service key (see AddModuleDatabase).
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        // A failure fails the delivery: the outbox (or the sender of an inbox call) tries again later.
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>The assembly of a module's implementation (its handlers), by module name.</summary>
public sealed record ModuleAssembly(string Module, System.Reflection.Assembly Assembly);

/// <summary>The service a module is extracted to.</summary>
public sealed record ModuleServiceAddress(string Module, string Service);
