namespace Deploy.Tests.Kubernetes;

/// <summary>Every kustomization renders, and every object it renders is valid against the Kubernetes schemas.</summary>
public sealed class ManifestSchemaTests(KubernetesTools tools)
{
    [Theory]
    [InlineData("base")]
    [InlineData("overlays/local")]
    [InlineData("overlays/production")]
    public async Task Kustomization_Rendered_ValidatesAgainstTheKubernetesSchemas(string kustomization)
    {
        var manifests = await tools.RenderAsync(kustomization);

        var validation = await tools.ValidateAsync(manifests);

        Assert.True(validation.ExitCode == 0, validation.Describe("validate.mjs"));
        Assert.Contains(", 0 invalid", validation.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("INVALID", validation.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_ObjectTheSchemaRefuses_FailsNamingTheObjectAndField()
    {
        var manifests = await tools.RenderAsync("overlays/production");
        var broken = manifests.Replace("containerPort: 8080", "containerPort: http-port", StringComparison.Ordinal);

        var validation = await tools.ValidateAsync(broken);

        Assert.NotEqual(0, validation.ExitCode);
        Assert.Contains("INVALID apps/v1 Deployment/proxy", validation.Output, StringComparison.Ordinal);
        Assert.Contains("containerPort must be integer", validation.Output, StringComparison.Ordinal);
    }
}
