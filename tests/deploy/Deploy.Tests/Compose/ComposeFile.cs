using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Deploy.Tests.Compose;

/// <summary>
/// deploy/compose/compose.yaml read as data: anchors and merge keys resolved, and each "${NAME:-default}" read as Compose
/// substitutes it when NAME is unset (the estate's documented defaults).
/// </summary>
public sealed partial class ComposeFile
{
    public static readonly string Folder = Repository.PathOf("deploy", "compose");

    private ComposeFile(JsonObject services) => Services = services;

    public JsonObject Services { get; }

    public static ComposeFile Load()
    {
        using var reader = new StreamReader(Path.Combine(Folder, "compose.yaml"));
        var document = new DeserializerBuilder().Build().Deserialize(new MergingParser(new Parser(reader)))!;
        var json = JsonNode.Parse(new SerializerBuilder().JsonCompatible().Build().Serialize(document))!;
        return new ComposeFile(json["services"]!.AsObject());
    }

    public JsonObject Service(string name) => Services[name]!.AsObject();

    /// <summary>An environment variable of a service, defaulted; null when the service does not set it.</summary>
    public string? Environment(string service, string name) =>
        Service(service)["environment"]?[name] is { } value ? Defaulted(value.ToString()) : null;

    /// <summary>A service's bind mounts (host path resolved from the Compose file's folder), and whether each is read-only.</summary>
    public IEnumerable<(string Host, string Container, bool ReadOnly)> BindMounts(string service) =>
        (Service(service)["volumes"]?.AsArray() ?? []).Select(v => v!.ToString().Split(':'))
            .Where(parts => parts[0].StartsWith('.') || parts[0].StartsWith('/'))
            .Select(parts => (Path.GetFullPath(parts[0], Folder), parts[1], parts.Length > 2 && parts[2] == "ro"));

    public static string Defaulted(string value) => Variable().Replace(value, match => match.Groups["default"].Value);

    [GeneratedRegex(@"\$\{[A-Za-z0-9_]+(:?-(?<default>[^}]*))?\}")]
    private static partial Regex Variable();
}
