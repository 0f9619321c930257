using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.BuildingBlocks.Events;

/// <summary>One wire format for event payloads, shared by writer and reader.</summary>
internal static class IntegrationEventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
