using System.Diagnostics;
using System.Net;

namespace StranglerProxy.Tests.Infrastructure;

/// <summary>
/// The proxy as a process of its own (the built StranglerProxy.dll), on a free loopback port, as a replica
/// in a cluster would run: its own file watch of the plan, its own routing state.
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ProxyProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<ProxyProcess> StartAsync(string planPath, IReadOnlyDictionary<string, Uri> services)
    {
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "StranglerProxy.dll") },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Migration__PlanPath"] = planPath,
                ["Migration__PollInterval"] = "00:00:00.100",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        foreach (var (name, address) in services)
        {
            start.Environment[$"Services__{name}__http__0"] = address.ToString();
        }

        var process = Process.Start(start)!;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { errors.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new ProxyProcess(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await Eventually.MatchAsync(proxy.ReadyAsync, ready => ready, $"the proxy process on port {port} is ready", TimeSpan.FromSeconds(60));
            return proxy;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never leave a process behind, and say what it printed.
            await proxy.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"{ex.Message}\nIts error output:\n{string.Join('\n', errors)}");
        }
    }

    private async Task<bool> ReadyAsync()
    {
        if (_process.HasExited)
        {
            Assert.Fail($"The proxy process exited with code {_process.ExitCode}.");
        }

        try
        {
            using var response = await Client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
