using System.Collections.Frozen;
using System.Reflection;

namespace Shop.BuildingBlocks.Events;

/// <summary>Maps stable event names to the contract types they are read into.</summary>
public sealed class IntegrationEventCatalog
{
    private readonly FrozenDictionary<string, Type> _types;

    public IntegrationEventCatalog(IEnumerable<IntegrationEventAssembly> assemblies)
    {
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in assemblies.Select(a => a.Assembly).Distinct().SelectMany(a => a.GetExportedTypes()))
        {
            if (IntegrationEventName.Find(type) is not { } name)
            {
                continue;
            }

            if (types.TryGetValue(name, out var existing) && existing != type)
            {
                throw new InvalidOperationException(
                    $"Event name '{name}' is declared by both {existing.FullName} and {type.FullName}.");
            }

            types[name] = type;
        }

        _types = types.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public Type? Find(string eventName) => _types.GetValueOrDefault(eventName);
}

/// <summary>A contracts assembly whose integration events this process can read.</summary>
public sealed record IntegrationEventAssembly(Assembly Assembly);
