using StranglerProxy.Plan;

namespace StranglerProxy.Tests.Plan;

/// <summary>Shared kernels and the host are modules of the plan that are never extracted, so never routed.</summary>
public sealed class PlanRolesTests
{
    private const string File = "/plans/migration.json";

    private static readonly PlanParser Parser = new();

    private static string PlanWith(string extra) => $$"""
        {
          "legacy": { "service": "legacy" },
          "modules": {
            "catalog": { "implementation": ["Shop.Catalog"], "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "legacy" },
            {{extra}}
          }
        }
        """;

    [Fact]
    public void Parse_SharedAndHostModules_AreKeptApartFromTheRoutedModules()
    {
        var result = Parser.Parse(PlanWith("""
            "kernel": { "role": "shared", "implementation": ["Shop.SharedKernel"] },
            "web": { "role": "host", "implementation": ["Shop.Host", "namespace:Shop.Web"] }
            """), File);

        Assert.Empty(result.Errors);
        Assert.Equal(["catalog"], result.Plan!.Modules.Keys);
        Assert.Equal(ModuleRole.Shared, result.Plan.Supporting["kernel"].Role);
        Assert.Equal(["Shop.SharedKernel"], result.Plan.Supporting["kernel"].Implementation);
        Assert.Equal(ModuleRole.Host, result.Plan.Supporting["web"].Role);
        Assert.Equal(["Shop.Host", "namespace:Shop.Web"], result.Plan.Supporting["web"].Implementation);
    }

    [Theory]
    [InlineData("""
        "kernel": { "role": "shared", "implementation": ["K"], "routes": ["/api/k/{**rest}"] }
        """, "$.modules.kernel.routes", "A shared module is never extracted: it takes only role and implementation.")]
    [InlineData("""
        "web": { "role": "host", "implementation": ["W"], "stage": "canary" }
        """, "$.modules.web.stage", "A host module is never extracted: it takes only role and implementation.")]
    [InlineData("""
        "kernel": { "role": "kernel", "implementation": ["K"] }
        """, "$.modules.kernel.role", "Must be \"module\" (extractable, the default), \"shared\" (a shared kernel in every deployable) or \"host\" (the composition root); got \"kernel\".")]
    [InlineData("""
        "kernel": { "role": "shared", "implementation": ["namespace:*"] }
        """, "$.modules.kernel.implementation[0]", "'namespace:*' names no namespace (it would match only types outside any namespace); write namespace:Your.Namespace.")]
    [InlineData("""
        "kernel": { "role": "shared" }
        """, "$.modules.kernel.implementation", "Required: the assembly name patterns (or \"namespace:\" patterns) of its code.")]
    [InlineData("""
        "one": { "role": "host", "implementation": ["A"] }, "two": { "role": "host", "implementation": ["B"] }
        """, "$.modules.two.role", "Module 'one' is already the host; an estate has one composition root.")]
    public void Parse_BadRole_IsAnErrorAtItsPath(string extra, string path, string reason)
    {
        var error = Assert.Single(Parser.Parse(PlanWith(extra), File).Errors);

        Assert.Equal((path, reason), (error.Path, error.Reason));
    }

    [Fact]
    public void Parse_ExplicitModuleRole_IsAnExtractableModule()
    {
        var result = Parser.Parse(PlanWith("""
            "orders": { "role": "module", "implementation": ["Shop.Orders"], "routes": ["/api/orders/{**rest}"], "service": "orders-service", "stage": "legacy" }
            """), File);

        Assert.Empty(result.Errors);
        Assert.Equal(["catalog", "orders"], result.Plan!.Modules.Keys.Order());
        Assert.Empty(result.Plan.Supporting);
    }
}
