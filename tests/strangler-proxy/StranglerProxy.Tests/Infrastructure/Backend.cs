using Contracts.DataSync;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StranglerProxy.Tests.Infrastructure;

/// <summary>
/// A real Kestrel backend on 127.0.0.1 standing in for the monolith or an extracted service: it answers
/// every path with who it is and what it received, and is live on /health/live (what the proxy probes) and ready on /health/ready.
/// </summary>
public sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestCount _count;
    private readonly Script _script;

    private Backend(string name, WebApplication app, Uri address, RequestCount count, Script script)
    {
        Name = name;
        _count = count;
        _script = script;
        _app = app;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    /// <summary>Requests received outside health probes.</summary>
    public long Requests => Interlocked.Read(ref _count.Value);

    /// <summary>Requests received with the proxy's shadow header.</summary>
    public long MirroredRequests => Interlocked.Read(ref _count.Mirrored);

    /// <summary>
    /// Answers GETs of <paramref name="path"/> with this JSON (every "{{random}}" replaced by a new value per
    /// answer) instead of the echo, after <paramref name="delayMs"/>.
    /// </summary>
    public void Answer(string path, string json, int delayMs = 0) => _script.Answers[path] = (json, delayMs);

    /// <summary>What /datasync/status/{module} reports as the change log not yet applied.</summary>
    public int PendingChanges
    {
        get => Volatile.Read(ref _script.PendingChanges);
        set => Volatile.Write(ref _script.PendingChanges, value);
    }

    /// <summary>The direction /datasync/status/{module} reports: which side's change log the sync applies.</summary>
    public SyncDirection SyncDirection
    {
        get => _script.Direction;
        set => _script.Direction = value;
    }

    public static async Task<Backend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var count = new RequestCount();
        var script = new Script();
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapGet("/health/live", () => Results.Ok());
        app.MapGet(SyncStatus.Route, (string module) => TypedResults.Ok(new SyncStatus(
            module, "canary", script.Direction, BackfillComplete: true, AppliedUpTo: 1, Volatile.Read(ref script.PendingChanges), OldestPendingSeconds: 0)));
        app.Map("/{**path}", (Delegate)((HttpContext context) => Echo(name, count, script, context)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Backend(name, app, new Uri(address), count, script);
    }

    /// <summary>
    /// Echoes the request; "?status=404" answers that status with an empty chunked body (no Content-Length,
    /// no Content-Type: what a server's error pages would fill in), "?delayMs=500" answers late.
    /// </summary>
    private static async Task<IResult> Echo(string name, RequestCount count, Script script, HttpContext context)
    {
        Interlocked.Increment(ref count.Value);
        if (context.Request.Headers.ContainsKey("X-Migration-Shadow"))
        {
            Interlocked.Increment(ref count.Mirrored);
        }

        if (HttpMethods.IsGet(context.Request.Method) && script.Answers.TryGetValue(context.Request.Path, out var scripted))
        {
            await Task.Delay(scripted.DelayMs, context.RequestAborted);
            return Results.Text(scripted.Json.Replace("{{random}}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal), "application/json");
        }

        if (context.Request.Query.TryGetValue("status", out var status) && int.TryParse(status, out var code))
        {
            context.Response.StatusCode = code;
            await context.Response.Body.FlushAsync(context.RequestAborted);
            return Results.Empty;
        }

        if (context.Request.Query.TryGetValue("delayMs", out var delay) && int.TryParse(delay, out var ms))
        {
            await Task.Delay(ms, context.RequestAborted);
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        return Results.Json(new BackendEcho(name, context.Request.Method, context.Request.Path + context.Request.QueryString, headers));
    }

    private int _stopped;

    /// <summary>Stops serving for good: an outage. Later calls (and disposal) do nothing more.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

internal sealed class RequestCount
{
    public long Value;
    public long Mirrored;
}

internal sealed class Script
{
    public readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Json, int DelayMs)> Answers = new(StringComparer.Ordinal);
    public int PendingChanges;
    public volatile SyncDirection Direction = SyncDirection.LegacyToService;
}

public sealed record BackendEcho(string Backend, string Method, string Path, Dictionary<string, string> Headers);
