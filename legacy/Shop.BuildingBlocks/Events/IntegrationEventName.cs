using System.Collections.Concurrent;
using System.Reflection;

namespace Shop.BuildingBlocks.Events;

/// <summary>
/// Contracts depend on nothing, so an integration event declares its stable name by convention:
/// <c>public const string EventName = "module.something-happened.v1";</c>
/// </summary>
public static class IntegrationEventName
{
    private static readonly ConcurrentDictionary<Type, string?> Names = new();

    public static string Of(Type eventType) =>
        Find(eventType) ?? throw new InvalidOperationException(
            $"{eventType.FullName} is not an integration event: it needs 'public const string EventName'.");

    public static string? Find(Type eventType) => Names.GetOrAdd(eventType, static type =>
        type.GetField("EventName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            ? field.GetRawConstantValue() as string
            : null);
}
