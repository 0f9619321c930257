using System.Text.Json;
using System.Text.Json.Nodes;

namespace StranglerProxy.Tests.Plan;

/// <summary>
/// The parser accepts exactly the keys migration.schema.json allows: the schema is walked object by object
/// alongside a plan that uses every key it allows, so an object or key added to one and not the other fails here.
/// </summary>
public sealed class PlanSchemaAgreementTests
{
    private const string File = "/plans/migration.json";

    private const string Extra = "notInTheSchema";

    /// <summary>Every key the schema allows, at every level, each with a value both accept.</summary>
    private const string EveryKey = """
        {
          "$schema": "./migration.schema.json",
          "legacy": { "service": "legacy", "assemblies": ["Shop.Host", "Shop.Modules.*"] },
          "modules": {
            "catalog": {
              "role": "module",
              "implementation": ["Shop.Modules.Catalog"],
              "contracts": ["Shop.Modules.Catalog.Contracts"],
              "tables": { "schema": "catalog", "prefix": "Catalog_", "names": ["Products"] },
              "routes": ["/api/catalog/{**rest}"],
              "service": "catalog-service",
              "stage": "canary",
              "canary": { "percent": 10, "stickyBy": "header:X-User-Id" },
              "shadow": {
                "methods": ["GET", "HEAD"],
                "routes": ["/api/catalog/products/{id}"],
                "headers": ["Content-Type"],
                "ignore": ["$.generatedAt"],
                "unorderedArrays": ["$.items"],
                "numericTolerance": 0.001,
                "noiseFilter": true,
                "redact": ["$..email"],
                "promotion": { "minComparisons": 100, "maxMismatchRate": 0.01, "minComparisonsPerRoute": 10 }
              },
              "rollback": { "maxErrorRate": 0.05, "window": "00:01:00", "minRequests": 50 }
            }
          }
        }
        """;

    private static readonly PlanParser Parser = new();

    [Fact]
    public void Schema_EveryObjectWithProperties_IsClosedAndFullyUsedByThePlanWithEveryKey()
    {
        var objects = StrictObjects(out var open);

        Assert.Empty(open);
        Assert.Contains(objects, o => o.Path == "$");
        Assert.Contains(objects, o => o.Path == "$.modules.catalog.shadow.promotion");
        Assert.All(objects, o => Assert.Equal(o.SchemaKeys.Order(StringComparer.Ordinal), o.PlanKeys.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Parse_PlanWithEveryKeyTheSchemaAllows_HasNoErrors()
    {
        var result = Parser.Parse(EveryKey, File);

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Plan);
    }

    [Fact]
    public void Parse_KeyTheSchemaDoesNotAllow_IsAnErrorListingExactlyTheSchemaKeysAtEachClosedObject()
    {
        var objects = StrictObjects(out _);

        Assert.All(objects, closed =>
        {
            var plan = JsonNode.Parse(EveryKey)!;
            ObjectAt(plan, closed.Path)[Extra] = true;

            var error = Assert.Single(Parser.Parse(plan.ToJsonString(), File).Errors);

            Assert.Equal($"{closed.Path}.{Extra}", error.Path);
            const string Expected = $"Unknown key '{Extra}'; expected one of: ";
            Assert.StartsWith(Expected, error.Reason, StringComparison.Ordinal);
            var accepted = error.Reason[Expected.Length..].TrimEnd('.').Split(", ");
            Assert.Equal(closed.SchemaKeys.Order(StringComparer.Ordinal), accepted.Order(StringComparer.Ordinal));
        });
    }

    private sealed record ClosedObject(string Path, IReadOnlyList<string> SchemaKeys, IReadOnlyList<string> PlanKeys);

    /// <summary>The objects of the plan with every key whose schema has "additionalProperties": false; <paramref name="open"/> lists those whose schema names properties but allows others.</summary>
    private static List<ClosedObject> StrictObjects(out List<string> open)
    {
        var schema = JsonNode.Parse(System.IO.File.ReadAllText(Repository.PathOf("migration.schema.json")))!;
        var closed = new List<ClosedObject>();
        var opened = new List<string>();
        Walk(schema, JsonNode.Parse(EveryKey)!, "$");
        open = opened;
        return closed;

        void Walk(JsonNode schemaNode, JsonNode? planNode, string path)
        {
            var node = Resolve(schema, schemaNode);
            var properties = node["properties"] as JsonObject;
            var additional = node["additionalProperties"];
            if (planNode is JsonObject planObject)
            {
                if (properties is not null)
                {
                    if (additional?.GetValueKind() == JsonValueKind.False)
                    {
                        closed.Add(new ClosedObject(path, [.. properties.Select(p => p.Key)], [.. planObject.Select(p => p.Key)]));
                    }
                    else
                    {
                        opened.Add(path);
                    }
                }

                foreach (var (key, value) in planObject)
                {
                    if (properties?[key] is { } property)
                    {
                        Walk(property, value, $"{path}.{key}");
                    }
                    else if (additional is JsonObject each)
                    {
                        Walk(each, value, $"{path}.{key}");
                    }
                }
            }
            else if (planNode is JsonArray array && node["items"] is JsonObject items)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(items, array[i], $"{path}[{i}]");
                }
            }
        }
    }

    /// <summary>Follows a local "$ref" ("#/$defs/module").</summary>
    private static JsonNode Resolve(JsonNode root, JsonNode node) =>
        node["$ref"]?.GetValue<string>() is { } reference
            ? Resolve(root, reference.Split('/')[1..].Aggregate(root, (at, name) => at[name]!))
            : node;

    private static JsonObject ObjectAt(JsonNode plan, string path) =>
        path.Split('.')[1..].Aggregate(plan, (node, name) => node[name]!).AsObject();
}
