using System.Diagnostics;

namespace StranglerProxy.Tests.Plan;

/// <summary>A proxy given a plan it cannot serve stops before listening, saying where and why, without a stack trace.</summary>
public sealed class StartupPlanTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("proxy-startup-");

    [Theory]
    [InlineData(null, "$", "does not exist")]
    [InlineData("""{ "legacy": { "service": "legacy" }, "modules": { "catalog": { "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "nope" } } }""",
        "$.modules.catalog.stage", "Unknown stage")]
    public async Task Start_InvalidPlan_ExitsWithCode2AndOneLineReasons(string? content, string path, string reason)
    {
        var plan = Path.Combine(_folder.FullName, "migration.json");
        if (content is not null)
        {
            await File.WriteAllTextAsync(plan, content, TestContext.Current.CancellationToken);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "StranglerProxy.dll"), $"--Migration:PlanPath={plan}", "--urls=http://127.0.0.1:0" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(2, process.ExitCode);
        var message = await error;
        Assert.Contains($"{plan}: {path}: ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message + await output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
