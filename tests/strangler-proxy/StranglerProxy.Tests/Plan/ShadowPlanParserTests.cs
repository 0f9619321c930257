using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Plan;

public sealed class ShadowPlanParserTests
{
    private const string File = "/plans/migration.json";
    private static readonly PlanParser Parser = new();

    private static PlanParseResult Parse(object shadow) =>
        Parser.Parse(PlanJson.With(new ModuleSpec("catalog", "catalog-service", "shadow") { Shadow = shadow }), File);

    [Fact]
    public void Parse_ShadowSection_ReadsEverySetting()
    {
        var shadow = Parse(new
        {
            methods = new[] { "get", "HEAD" },
            routes = new[] { "/api/catalog/products/{id}", "/api/catalog/{**rest}" },
            headers = new[] { "Content-Type", "ETag" },
            ignore = new[] { "$.generatedAt" },
            unorderedArrays = new[] { "$.items" },
            numericTolerance = 0.001,
            noiseFilter = true,
            redact = new[] { "$..email" },
            promotion = new { minComparisons = 500, maxMismatchRate = 0.001, minComparisonsPerRoute = 25 },
        }).Plan!.Modules["catalog"].Shadow;

        Assert.Equal(["GET", "HEAD"], shadow.Methods);
        Assert.Equal(["Content-Type", "ETag"], shadow.Headers);
        Assert.Equal(["$.items"], shadow.UnorderedArrays);
        Assert.Equal((0.001, true), (shadow.NumericTolerance, shadow.NoiseFilter));
        Assert.Equal(new PromotionPlan(500, 0.001, 25), shadow.Promotion);
    }

    [Fact]
    public void Parse_NoShadowSection_UsesTheDefaults()
    {
        var module = Parser.Parse(PlanJson.With(new ModuleSpec("catalog", "catalog-service", "shadow")), File).Plan!.Modules["catalog"];

        Assert.Same(ShadowPlan.Default, module.Shadow);
        Assert.Equal(["GET"], module.Shadow.Methods);
        Assert.Equal(PromotionPlan.Default, module.Shadow.Promotion);
    }

    public static TheoryData<string, object, string> Invalid => new()
    {
        { "methods", new { methods = new[] { "POST" } }, "Only safe methods can be mirrored" },
        { "ignore[0]", new { ignore = new[] { "items" } }, "is not a JSON path: A JSON path starts with '$'." },
        { "redact[0]", new { redact = new[] { "$.a[x]" } }, "is neither an index" },
        { "routes[0]", new { routes = new[] { "/api/{id:guid}" } }, "take no constraints" },
        { "routes[0]", new { routes = new[] { "/api/{**rest}/more" } }, "must be the last segment" },
        { "numericTolerance", new { numericTolerance = -1 }, "at least 0" },
        { "noiseFilter", new { noiseFilter = "yes" }, "true or false" },
        { "promotion.minComparisons", new { promotion = new { minComparisons = 0 } }, "at least 1" },
        { "promotion.maxMismatchRate", new { promotion = new { maxMismatchRate = 2 } }, "from 0 to 1" },
        { "promotion.minComparisonsPerRoute", new { promotion = new { minComparisonsPerRoute = 0 } }, "at least 1" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_InvalidShadowSetting_NamesTheFieldAndWhy(string field, object shadow, string reason)
    {
        var result = Parse(shadow);

        Assert.Null(result.Plan);
        var error = Assert.Single(result.Errors);
        Assert.Equal(($"$.modules.catalog.shadow.{field}", File), (error.Path, error.File));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$.a.b", new object[] { "a", "b", "c" }, true)]
    [InlineData("$.a.b", new object[] { "a" }, false)]
    [InlineData("$.items[*].id", new object[] { "items", 3, "id" }, true)]
    [InlineData("$.items[1]", new object[] { "items", 3 }, false)]
    [InlineData("$..email", new object[] { "customer", "contact", "email" }, true)]
    [InlineData("$.*.email", new object[] { "customer", "email" }, true)]
    [InlineData("$['unit price']", new object[] { "unit price" }, true)]
    [InlineData("$", new object[] { "anything", 1 }, true)]
    public void JsonPathPattern_Covers_APathOrItsAncestor(string pattern, object[] path, bool covered) =>
        Assert.Equal(covered, JsonPathPattern.Parse(pattern).Covers(path));
}
