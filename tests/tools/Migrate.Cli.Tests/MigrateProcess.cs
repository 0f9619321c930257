extern alias proxy;

using System.Diagnostics;

namespace Migrate.Cli.Tests;

/// <summary>Runs the built `migrate` command as a user would: a separate process, its exit code and both streams.</summary>
internal static class MigrateProcess
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static Task<Result> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, DefaultTimeout, args);

    public static Task<Result> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args) =>
        RunAsync(workingDirectory, timeout, new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the command on top of this process's own.</param>
    public static Task<Result> RunAsync(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunProgramAsync("migrate.dll", workingDirectory, timeout, environment, args);

    /// <summary>Another program of the build output (the sample's walkthrough), run the same way.</summary>
    public static Task<Result> RunProgramAsync(string program, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunCommandAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, program), .. args], workingDirectory, timeout, environment);

    /// <summary>Any command (`dotnet pack`, an installed tool), to its end or its timeout.</summary>
    public static async Task<Result> RunCommandAsync(string fileName, IReadOnlyList<string> args, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Whatever it started goes with it, rather than outliving the test.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeout}.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
    }
}

/// <summary>A scratch folder per test, holding the sample estate's assemblies and plan.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Directory.CreateDirectory(Assemblies);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "Shop.*.dll"))
        {
            File.Copy(file, Path.Combine(Assemblies, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(AppContext.BaseDirectory, "migration.json"), Path.Combine(Root, "migration.json"));
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("migrate-cli-").FullName;

    public string Assemblies => Path.Combine(Root, "estate");

    public string PathOf(string name) => Path.Combine(Root, name);

    public Task<MigrateProcess.Result> RunAsync(params string[] args) => MigrateProcess.RunAsync(Root, args);

    public Task<MigrateProcess.Result> RunAsync(TimeSpan timeout, params string[] args) => MigrateProcess.RunAsync(Root, timeout, args);

    /// <summary>The sample's walkthrough (not a `migrate` command: the tool knows nothing of Shop).</summary>
    public Task<MigrateProcess.Result> RunWalkthroughAsync(TimeSpan timeout, params string[] args) =>
        MigrateProcess.RunProgramAsync("walkthrough.dll", Root, timeout, new Dictionary<string, string>(), args);

    public Task<MigrateProcess.Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        MigrateProcess.RunAsync(Root, TimeSpan.FromMinutes(2), environment, args);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>A real strangler proxy on loopback with its admin API on, following the workspace's plan; no backend needed.</summary>
internal static class AdminProxy
{
    public static Testing.Support.LoopbackHost<proxy::Program> Start(Workspace workspace, string token, params string[] services)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Migration:PlanPath"] = workspace.PathOf("migration.json"),
            ["Migration:Admin:Token"] = token,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // Nothing listens there: the admin API needs no backend.
        foreach (var service in services.Prepend("legacy"))
        {
            settings[$"Services:{service}:http:0"] = "http://127.0.0.1:9";
        }

        return new Testing.Support.LoopbackHost<proxy::Program>(settings).Start();
    }
}
