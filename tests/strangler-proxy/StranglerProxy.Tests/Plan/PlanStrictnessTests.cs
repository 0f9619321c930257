using System.Text.Json.Nodes;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Plan;

/// <summary>The plan is read strictly: routes the proxy could not serve and keys nobody reads are errors with their JSON path.</summary>
public sealed class PlanStrictnessTests
{
    private const string File = "/plans/migration.json";

    private static readonly PlanParser Parser = new(new ServiceCatalog(service => service is "legacy" or "catalog-service", service => $"Service '{service}' is unknown."));

    private static JsonNode Plan() => JsonNode.Parse(PlanJson.With(new ModuleSpec("catalog", "catalog-service", "canary", Percent: 10)
    {
        Rollback = new { maxErrorRate = 0.1 },
        Shadow = new { promotion = new { minComparisons = 5 } },
        Tables = new { schema = "catalog" },
    }))!;

    [Theory]
    [InlineData("/api/catalog/{**rest}/x")]
    [InlineData("/api/catalog/{id")]
    [InlineData("/api/catalog/{id}/{id}")]
    [InlineData("/api/catalog/{}")]
    public void Parse_RouteRoutingWouldRefuse_IsAnErrorAtItsPath(string route)
    {
        var plan = Plan();
        plan["modules"]!["catalog"]!["routes"] = new JsonArray(route);

        var error = Assert.Single(Parser.Parse(plan.ToJsonString(), File).Errors);

        Assert.Equal(("$.modules.catalog.routes[0]", File), (error.Path, error.File));
        Assert.StartsWith($"'{route}' is not a valid route template: ", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/catalog/{id:uuid}", "Parameter 'id' has constraint 'uuid', which ASP.NET Core routing does not know; use one of: ")]
    [InlineData("/api/catalog/{id:min(x)}", "Constraint 'min(x)' of parameter 'id' cannot be created: ")]
    [InlineData("/api/catalog/{id:length(1,2,3)}", "Constraint 'length(1,2,3)' of parameter 'id' cannot be created: ")]
    [InlineData("/api/catalog/{id:regex([)}", "Constraint 'regex([)' of parameter 'id' cannot be created: ")]
    public void Parse_RouteConstraintRoutingCannotCreate_IsAnErrorAtItsPath(string route, string why)
    {
        var plan = Plan();
        plan["modules"]!["catalog"]!["routes"] = new JsonArray("/api/catalog/{**rest}", route);

        var error = Assert.Single(Parser.Parse(plan.ToJsonString(), File).Errors);

        Assert.Equal(("$.modules.catalog.routes[1]", File), (error.Path, error.File));
        Assert.StartsWith($"'{route}' is not a valid route template: {why}", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/catalog/{id:int:min(1)}/lines/{**rest}")]
    [InlineData("/api/catalog/{id:INT}")]
    [InlineData("/api/catalog/{code:regex(^[[a-z]]{{3}}$)}")]
    [InlineData("/api/catalog/{version?}/items")]
    [InlineData("/api/catalog/files/{*path:file}")]
    public void Parse_RouteRoutingAccepts_IsRead(string route)
    {
        var plan = Plan();
        plan["modules"]!["catalog"]!["routes"] = new JsonArray(route);

        var result = Parser.Parse(plan.ToJsonString(), File);

        Assert.Empty(result.Errors);
        Assert.Equal([route], result.Plan!.Modules["catalog"].Routes);
    }

    [Fact]
    public void Parse_UnknownKeyNearNoKnownKey_ListsTheKnownKeys()
    {
        var plan = Plan();
        plan["modules"]!["catalog"]!["rollback"]!["owner"] = "catalog-service";

        var error = Assert.Single(Parser.Parse(plan.ToJsonString(), File).Errors);

        Assert.Equal(
            new PlanError(File, "$.modules.catalog.rollback.owner", "Unknown key 'owner'; expected one of: maxErrorRate, window, minRequests."),
            error);
    }

    [Fact]
    public void Parse_UnknownKeysInSeveralObjects_AreAllReported()
    {
        var plan = Plan();
        plan["legacy"]!["assemblys"] = new JsonArray("Shop.*");
        plan["modules"]!["catalog"]!["rolback"] = new JsonObject();
        plan["modules"]!["catalog"]!["shadow"]!["promotion"]!["maxMissmatchRate"] = 0.1;

        var errors = Parser.Parse(plan.ToJsonString(), File).Errors;

        Assert.Equal(
            [
                ("$.legacy.assemblys", "Unknown key 'assemblys'; expected one of: service, assemblies; did you mean 'assemblies'?"),
                ("$.modules.catalog.rolback", "Unknown key 'rolback'; expected one of: role, implementation, contracts, tables, routes, service, stage, canary, shadow, rollback; did you mean 'rollback'?"),
                ("$.modules.catalog.shadow.promotion.maxMissmatchRate", "Unknown key 'maxMissmatchRate'; expected one of: minComparisons, maxMismatchRate, minComparisonsPerRoute; did you mean 'maxMismatchRate'?"),
            ],
            errors.Select(e => (e.Path, e.Reason)).Order());
    }

    [Theory]
    [InlineData("$", "modulez", "modules")]
    [InlineData("$.legacy", "servce", "service")]
    [InlineData("$.modules.catalog", "rolback", "rollback")]
    [InlineData("$.modules.catalog.canary", "percnt", "percent")]
    [InlineData("$.modules.catalog.tables", "schemas", "schema")]
    [InlineData("$.modules.catalog.rollback", "window2", "window")]
    [InlineData("$.modules.catalog.shadow", "ignored", "ignore")]
    [InlineData("$.modules.catalog.shadow.promotion", "minComparison", "minComparisons")]
    [InlineData("$.modules.catalog", "owner", null)]
    public void Parse_UnknownKey_IsAnErrorAtItsPathWithTheLikelyKey(string objectPath, string key, string? meant)
    {
        var plan = Plan();
        var target = objectPath.Split('.').Skip(1).Aggregate(plan, (node, part) => node[part]!);
        target[key] = 1;

        var errors = Parser.Parse(plan.ToJsonString(), File).Errors;

        var error = Assert.Single(errors, e => e.Path == $"{objectPath}.{key}");
        Assert.StartsWith($"Unknown key '{key}'", error.Reason, StringComparison.Ordinal);
        if (meant is null)
        {
            Assert.DoesNotContain("did you mean", error.Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"did you mean '{meant}'?", error.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PlanKeys_AgreeWithTheSchema_ObjectByObject()
    {
        var schema = JsonNode.Parse(System.IO.File.ReadAllText(Repository.PathOf("migration.schema.json")))!;
        var module = schema["$defs"]!["module"]!;
        var expected = new (JsonNode Node, IReadOnlyList<string> Keys)[]
        {
            (schema, PlanKeys.Root),
            (schema["properties"]!["legacy"]!, PlanKeys.Legacy),
            (module, PlanKeys.Module),
            (module["properties"]!["tables"]!, PlanKeys.Tables),
            (module["properties"]!["canary"]!, PlanKeys.Canary),
            (module["properties"]!["rollback"]!, PlanKeys.Rollback),
            (module["properties"]!["shadow"]!, PlanKeys.Shadow),
            (module["properties"]!["shadow"]!["properties"]!["promotion"]!, PlanKeys.Promotion),
        };

        foreach (var (node, keys) in expected)
        {
            Assert.False(node["additionalProperties"]!.GetValue<bool>());
            Assert.Equal(node["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        }

        // A shared or host module: the schema's "then" branch lists the keys it may have.
        Assert.Equal(module["then"]!["propertyNames"]!["enum"]!.AsArray().Select(k => (string)k!).Order(StringComparer.Ordinal), PlanKeys.SupportingModule.Order(StringComparer.Ordinal));
    }
}
