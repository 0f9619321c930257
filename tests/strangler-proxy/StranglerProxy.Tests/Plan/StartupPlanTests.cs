using System.Diagnostics;

namespace StranglerProxy.Tests.Plan;

/// <summary>A proxy given a plan (or a plan store) it cannot serve stops before listening, saying where and why, without a stack trace.</summary>
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

        var message = await FailedStartAsync($"--Migration:PlanPath={plan}");

        Assert.Contains($"{plan}: {path}: ", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Migration:Store:Provider=Postgres", "configuration: Migration:Store: ", "File or PostgreSql")]
    [InlineData("--Migration:Store:Provider=PostgreSql", "configuration: ConnectionStrings:migration: ", "Required when")]
    [InlineData("--ConnectionStrings:migration=Host=127.0.0.1;Port=1;Timeout=2", "PostgreSQL store 127.0.0.1:1/", "Cannot open the plan store")]
    public async Task Start_StoreThatCannotServe_ExitsWithCode2AndOneLineReasons(string setting, string where, string reason)
    {
        var plan = Path.Combine(_folder.FullName, "migration.json");
        await File.WriteAllTextAsync(plan, """{ "legacy": { "service": "legacy" }, "modules": {} }""", TestContext.Current.CancellationToken);

        var message = await FailedStartAsync($"--Migration:PlanPath={plan}", "--Migration:Store:Provider=PostgreSql", setting);

        Assert.Contains(where, message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    /// <summary>Starts the proxy with these arguments, expects exit code 2 without a stack trace, and returns its error output.</summary>
    private static async Task<string> FailedStartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "StranglerProxy.dll"), "--urls=http://127.0.0.1:0" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(2, process.ExitCode);
        var message = await error;
        Assert.DoesNotContain("   at ", message + await output, StringComparison.Ordinal);
        return message;
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
