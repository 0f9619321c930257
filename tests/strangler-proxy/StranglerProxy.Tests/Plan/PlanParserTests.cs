using StranglerProxy.Plan;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Plan;

public sealed class PlanParserTests
{
    private const string File = "/plans/migration.json";

    private static readonly PlanParser Parser = new(new ServiceCatalog(service => service is "legacy" or "catalog-service", service => $"Service '{service}' is unknown."));

    [Fact]
    public void Parse_RepositoryPlan_IsValid()
    {
        var parser = new PlanParser();
        var path = Repository.PathOf("migration.json");

        var result = parser.Parse(System.IO.File.ReadAllText(path), path);

        Assert.Empty(result.Errors);
        Assert.Equal(["catalog", "customers", "inventory", "ordering"], result.Plan!.Modules.Keys.Order());
        Assert.Equal(["Shop.Host", "Shop.Modules.*"], result.Plan.Legacy.Assemblies);
        var catalog = result.Plan.Modules["catalog"];
        Assert.Equal(["Shop.Modules.Catalog"], catalog.Implementation);
        Assert.Equal(["Shop.Modules.Catalog.Contracts"], catalog.Contracts);
        Assert.Equal("catalog", catalog.Tables.Schema);
    }

    [Fact]
    public void Parse_Rollback_ReadsThePolicyOrTheDefaults()
    {
        var spec = new ModuleSpec("catalog", "catalog-service", "extracted") { Rollback = new { maxErrorRate = 0.1, window = "00:02:30", minRequests = 7 } };

        var module = Parser.Parse(PlanJson.With(spec), File).Plan!.Modules["catalog"];
        var defaults = Parser.Parse(PlanJson.With(spec with { Rollback = null }), File).Plan!.Modules["catalog"];

        Assert.Equal(new RollbackPlan(0.1, TimeSpan.FromSeconds(150), 7), module.Rollback);
        Assert.Equal(RollbackPlan.Default, defaults.Rollback);
    }

    [Theory]
    [InlineData("maxErrorRate", 0)]
    [InlineData("maxErrorRate", 1.5)]
    [InlineData("window", "one minute")]
    [InlineData("minRequests", 0)]
    public void Parse_InvalidRollback_NamesTheField(string field, object value)
    {
        var spec = new ModuleSpec("catalog", "catalog-service", "extracted") { Rollback = new Dictionary<string, object> { [field] = value } };

        var error = Assert.Single(Parser.Parse(PlanJson.With(spec), File).Errors);

        Assert.Equal($"$.modules.catalog.rollback.{field}", error.Path);
    }

    [Fact]
    public void Parse_MalformedModuleCodeAndTables_ReportsEachPath()
    {
        const string json = """
            { "legacy": { "service": "legacy", "assemblies": "Shop.*" },
              "modules": { "catalog": { "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "legacy",
                "implementation": ["Shop.Modules.Catalog", ""], "tables": { "schema": 7 } } } }
            """;

        var errors = Parser.Parse(json, File).Errors;

        Assert.Equal(["$.legacy.assemblies", "$.modules.catalog.implementation", "$.modules.catalog.tables.schema"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Parse_CanaryModule_ReadsPercentAndStickyKey()
    {
        var result = Parser.Parse(PlanJson.With(new ModuleSpec("catalog", "catalog-service", "canary", 12.5, "cookie:uid")), File);

        var module = result.Plan!.Modules["catalog"];
        Assert.Equal(Stage.Canary, module.Stage);
        Assert.Equal(12.5, module.Canary.Percent);
        Assert.Equal(new StickyKey(StickyKeySource.Cookie, "uid"), module.Canary.StickyBy);
    }

    [Fact]
    public void Parse_MalformedJson_ReportsFileLineAndReason()
    {
        var error = Assert.Single(Parser.Parse("{ \"legacy\": { \"service\": \"legacy\" },\n  \"modules\": { ", File).Errors);

        Assert.Equal(File, error.File);
        Assert.Contains("line 2", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"stage\": \"beta\"", "$.modules.catalog.stage", "Unknown stage")]
    [InlineData("\"stage\": \"canary\", \"canary\": { \"percent\": 120 }", "$.modules.catalog.canary.percent", "0 to 100")]
    [InlineData("\"stage\": \"canary\", \"canary\": { \"percent\": -1 }", "$.modules.catalog.canary.percent", "0 to 100")]
    [InlineData("\"stage\": \"canary\"", "$.modules.catalog.canary", "Required")]
    [InlineData("\"stage\": \"canary\", \"canary\": { \"percent\": 5, \"stickyBy\": \"query:x\" }", "$.modules.catalog.canary.stickyBy", "header:")]
    public void Parse_InvalidModule_NamesThePathAndReason(string stageJson, string path, string reason)
    {
        var json = $$"""
            { "legacy": { "service": "legacy" },
              "modules": { "catalog": { "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", {{stageJson}} } } }
            """;

        var result = Parser.Parse(json, File);

        Assert.Null(result.Plan);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RouteClaimedByTwoModules_IsRejectedAtTheSecondClaim()
    {
        var json = """
            { "legacy": { "service": "legacy" },
              "modules": {
                "catalog": { "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "legacy" },
                "pricing": { "routes": ["/api/catalog/{**path}"], "service": "pricing-service", "stage": "legacy" } } }
            """;

        var error = Assert.Single(Parser.Parse(json, File).Errors);

        Assert.Equal("$.modules.pricing.routes[0]", error.Path);
        Assert.Contains("already claimed by module 'catalog'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownServicePastLegacy_IsRejected_ButAllowedAtLegacy()
    {
        var atLegacy = Parser.Parse(PlanJson.With(new ModuleSpec("ordering", "ordering-service", "legacy")), File);
        var extracted = Parser.Parse(PlanJson.With(new ModuleSpec("ordering", "ordering-service", "extracted")), File);

        Assert.NotNull(atLegacy.Plan);
        var error = Assert.Single(extracted.Errors);
        Assert.Equal("$.modules.ordering.service", error.Path);
        Assert.Contains("unknown", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingLegacyAndModules_ReportsBoth()
    {
        var result = Parser.Parse("{}", File);

        Assert.Equal(["$.legacy", "$.modules"], result.Errors.Select(e => e.Path));
    }
}
