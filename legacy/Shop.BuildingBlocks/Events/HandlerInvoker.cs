using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.BuildingBlocks.Events;

/// <summary>Calls the typed handlers of an event known only by its runtime type.</summary>
internal abstract class HandlerInvoker
{
    private static readonly ConcurrentDictionary<Type, HandlerInvoker> Invokers = new();

    public static HandlerInvoker For(Type eventType) => Invokers.GetOrAdd(
        eventType,
        static type => (HandlerInvoker)Activator.CreateInstance(typeof(HandlerInvoker<>).MakeGenericType(type))!);

    public abstract int Count(IServiceProvider services);

    public abstract Type HandlerTypeAt(IServiceProvider services, int index);

    public abstract Task InvokeAsync(
        IServiceProvider services, int index, IntegrationEventContext context, object integrationEvent, CancellationToken cancellationToken);
}

internal sealed class HandlerInvoker<TEvent> : HandlerInvoker where TEvent : notnull
{
    public override int Count(IServiceProvider services) =>
        services.GetServices<IIntegrationEventHandler<TEvent>>().Count();

    public override Type HandlerTypeAt(IServiceProvider services, int index) =>
        services.GetServices<IIntegrationEventHandler<TEvent>>().ElementAt(index).GetType();

    public override Task InvokeAsync(
        IServiceProvider services, int index, IntegrationEventContext context, object integrationEvent, CancellationToken cancellationToken) =>
        services.GetServices<IIntegrationEventHandler<TEvent>>()
            .ElementAt(index)
            .HandleAsync(context, (TEvent)integrationEvent, cancellationToken);
}
