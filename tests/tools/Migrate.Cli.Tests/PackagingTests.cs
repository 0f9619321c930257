using System.IO.Compression;
using Testing.Support;

namespace Migrate.Cli.Tests;

/// <summary>
/// The toolkit as a user takes it into their own repository: `migrate` packed and installed as a dotnet
/// tool (without the sample estate), and the architecture rules packed as a library.
/// </summary>
public sealed class PackagingTests
{
    [Fact]
    public async Task Pack_ToolInstalledFromThePackage_DraftsAndAnalysesAnotherApplication()
    {
        var root = Directory.CreateTempSubdirectory("migrate-pack-").FullName;
        try
        {
            var packages = Path.Combine(root, "packages");
            foreach (var project in (string[])["tools/Migrate.Cli", "analysis/Migration.Architecture", "analysis/Migration.Analysis.Modules", "plan/Migration.Plan"])
            {
                await RunAsync(Repository.Root, "dotnet", "pack", Repository.PathOf(project), "--no-build", "-c", BuildOutputs.Configuration, "-o", packages);
            }

            var tool = Directory.GetFiles(packages, "Migrate.Cli.*.nupkg").Single();
            using (var package = ZipFile.OpenRead(tool))
            {
                Assert.Contains(package.Entries, e => e.Name == "migrate.dll");
                Assert.DoesNotContain(package.Entries, e => e.Name.StartsWith("Migration.AppHost", StringComparison.Ordinal) || e.Name.StartsWith("Aspire.", StringComparison.Ordinal) || e.Name.StartsWith("Shop.", StringComparison.Ordinal));
            }

            using (var rules = ZipFile.OpenRead(Directory.GetFiles(packages, "Migration.Architecture.*.nupkg").Single()))
            {
                Assert.Contains(rules.Entries, e => e.FullName == "lib/net10.0/Migration.Architecture.dll");
            }

            var tools = Path.Combine(root, "tools");
            await RunAsync(root, "dotnet", "tool", "install", "Migrate.Cli", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources");
            var migrate = Path.Combine(tools, "migrate");

            var help = await RunAsync(root, migrate, "--help");
            var init = await RunAsync(root, migrate, "init", "-a", BuildOutputs.Clinic, "-o", "clinic.json");
            var analyze = await RunAsync(root, migrate, "analyze", "--plan", "clinic.json", "-a", BuildOutputs.Clinic, "-f", "json", "-o", "report");

            Assert.DoesNotContain("walkthrough", help, StringComparison.Ordinal);
            Assert.Contains("shared-kernel (shared)", init, StringComparison.Ordinal);
            Assert.Contains("current: 4 modules (and 1 host, 1 shared)", analyze, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(root, "report", "coupling.json")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Runs a command to its end and gives its output; a non-zero exit fails the test with both streams.</summary>
    private static async Task<string> RunAsync(string workingDirectory, string program, params string[] args)
    {
        var result = await MigrateProcess.RunCommandAsync(program, args, workingDirectory, TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', args)} exited with {result.ExitCode}:\n{result}");
        return result.Out + result.Error;
    }
}
