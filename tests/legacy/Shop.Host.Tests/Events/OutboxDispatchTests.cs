using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shop.BuildingBlocks.Events;
using Shop.Host.Tests.Infrastructure;
using Shop.Modules.Ordering.Contracts;

namespace Shop.Host.Tests.Events;

/// <summary>
/// Delivery is at least once and handlers take effect once: a handler that fails makes the message
/// come round again, and the handlers that had already succeeded skip it through their inbox.
/// </summary>
public sealed class OutboxDispatchTests(OutboxDispatchTests.FlakyHandlerHost host)
    : ShopApiTests(host), IClassFixture<OutboxDispatchTests.FlakyHandlerHost>
{
    [Fact]
    public async Task Dispatch_HandlerFailsOnce_MessageIsRedeliveredAndOtherHandlersApplyOnce()
    {
        var customerId = await RegisterCustomerAsync("Leslie", "Lamport");

        using var placed = await Client.PostJsonAsync("/api/ordering/orders",
            new { customerId, lines = new[] { new { productId = SeedData.Product(21), quantity = 1 } } });
        var orderId = (await placed.ShouldHaveStatusAsync(HttpStatusCode.Created)).GetGuid("id");

        var recorder = host.Services.GetRequiredService<DeliveryRecorder>();
        await Eventually.MatchAsync(
            () => Task.FromResult(recorder.Attempts(orderId)),
            attempts => attempts >= 2 && recorder.Succeeded(orderId),
            "the flaky handler failed once and then received the same message again");

        // The customers handler is registered before the flaky one, so it ran on both deliveries:
        // without its inbox the order would be counted twice.
        var customer = await Client.GetJsonAsync($"/api/customers/{customerId}");
        Assert.Equal(1, customer.GetProperty("orders").GetInt("placed"));
        Assert.Single(recorder.MessageIds(orderId).Distinct());
    }

    [Fact]
    public void EventCatalog_StableNames_MapToTheirContracts()
    {
        var catalog = host.Services.GetRequiredService<IntegrationEventCatalog>();

        Assert.Equal(typeof(OrderPlaced), catalog.Find("ordering.order-placed.v1"));
        Assert.Equal(typeof(OrderCancelled), catalog.Find("ordering.order-cancelled.v1"));
        Assert.Null(catalog.Find(typeof(OrderPlaced).FullName!));
    }

    public sealed class FlakyHandlerHost : SqliteShopHost
    {
        public FlakyHandlerHost() => WithTestServices(services => services
            .AddSingleton<DeliveryRecorder>()
            .AddScoped<IIntegrationEventHandler<OrderPlaced>, FailsFirstTimeHandler>());
    }

    public sealed class DeliveryRecorder
    {
        private readonly ConcurrentDictionary<Guid, ConcurrentQueue<(Guid MessageId, bool Succeeded)>> _deliveries = new();

        public bool Record(Guid orderId, Guid messageId)
        {
            var deliveries = _deliveries.GetOrAdd(orderId, _ => new());
            var succeed = !deliveries.IsEmpty;
            deliveries.Enqueue((messageId, succeed));
            return succeed;
        }

        public int Attempts(Guid orderId) => _deliveries.TryGetValue(orderId, out var d) ? d.Count : 0;

        public bool Succeeded(Guid orderId) => _deliveries.TryGetValue(orderId, out var d) && d.Any(x => x.Succeeded);

        public IEnumerable<Guid> MessageIds(Guid orderId) =>
            _deliveries.TryGetValue(orderId, out var d) ? d.Select(x => x.MessageId) : [];
    }

    private sealed class FailsFirstTimeHandler(DeliveryRecorder recorder) : IIntegrationEventHandler<OrderPlaced>
    {
        public Task HandleAsync(IntegrationEventContext context, OrderPlaced integrationEvent, CancellationToken cancellationToken) =>
            recorder.Record(integrationEvent.OrderId, context.MessageId)
                ? Task.CompletedTask
                : throw new InvalidOperationException("Simulated handler failure on first delivery.");
    }
}
