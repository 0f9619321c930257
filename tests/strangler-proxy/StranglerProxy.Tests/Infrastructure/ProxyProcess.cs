using System.Diagnostics;
using System.Net;

namespace StranglerProxy.Tests.Infrastructure;

/// <summary>
/// The proxy as a process of its own (the built StranglerProxy.dll), on a loopback port it binds itself
/// (port 0, read back from its start-up log, so no other server can take the port in between), as a
/// replica in a cluster would run: its own file watch of the plan, its own routing state.
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ProxyProcess(Process process, Uri address, Uri management)
    {
        _process = process;
        Address = address;
        ManagementAddress = management;
        Client = new HttpClient { BaseAddress = address };
        ManagementClient = new HttpClient { BaseAddress = management };
    }

    public Uri Address { get; }

    /// <summary>Its management port: the admin API, the dashboard, metrics, readiness.</summary>
    public Uri ManagementAddress { get; }

    public HttpClient Client { get; }

    public HttpClient ManagementClient { get; }

    /// <param name="settings">Further settings, as configuration keys ("Migration:Store:Provider"); they go in as environment variables.</param>
    public static async Task<ProxyProcess> StartAsync(string planPath, IReadOnlyDictionary<string, Uri> services, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "StranglerProxy.dll") },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["Migration__PlanPath"] = planPath,
                ["Migration__PollInterval"] = "00:00:00.100",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
                ["Logging__LogLevel__ServiceDefaults.Management"] = "Information",
            },
        };
        foreach (var (name, address) in services)
        {
            start.Environment[$"Services__{name}__http__0"] = address.ToString();
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<(Uri Public, Uri Management)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var addresses = new System.Collections.Concurrent.ConcurrentQueue<Uri>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.IndexOf(ListeningOn, StringComparison.Ordinal) is var at and >= 0)
            {
                addresses.Enqueue(new Uri(line[(at + ListeningOn.Length)..].Trim()));
            }
            else if (e.Data is { } started && started.IndexOf(ManagementOn, StringComparison.Ordinal) is var from and >= 0)
            {
                // Logged once the host has started, after every address it listens on.
                var management = new Uri(started[(from + ManagementOn.Length)..].Trim());
                listening.TrySetResult((addresses.First(a => a.Port != management.Port), management));
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { errors.Enqueue(e.Data); } };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The proxy process exited with code {process.ExitCode} before it listened."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        ProxyProcess? proxy = null;
        try
        {
            var (address, management) = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            proxy = new ProxyProcess(process, address, management);
            await Eventually.MatchAsync(proxy.ReadyAsync, ready => ready, $"the proxy process at {address} is ready", TimeSpan.FromSeconds(60));
            return proxy;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never leave a process behind, and say what it printed.
            proxy?.Client.Dispose();
            proxy?.ManagementClient.Dispose();
            await StopAsync(process);

            var what = ex is TimeoutException ? "The proxy process did not report its address within 60 s." : ex.Message;
            throw new Xunit.Sdk.XunitException($"{what}\nIts error output:\n{string.Join('\n', errors)}");
        }
    }

    /// <summary>What Kestrel logs (Microsoft.Hosting.Lifetime, Information) for each address it listens on.</summary>
    private const string ListeningOn = "Now listening on: ";

    /// <summary>What ServiceDefaults logs for the management port once the host has started.</summary>
    private const string ManagementOn = "Management endpoints (metrics, OpenAPI, readiness, admin) on: ";

    private async Task<bool> ReadyAsync()
    {
        if (_process.HasExited)
        {
            Assert.Fail($"The proxy process exited with code {_process.ExitCode}.");
        }

        try
        {
            using var response = await ManagementClient.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Kills the process at once (no shutdown: it does not leave the store or finish its requests), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        ManagementClient.Dispose();
        await StopAsync(_process);
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
