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
/// every path with who it is and what it received, and is ready on /health/ready.
/// </summary>
public sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestCount _count;

    private Backend(string name, WebApplication app, Uri address, RequestCount count)
    {
        Name = name;
        _count = count;
        _app = app;
        Address = address;
    }

    public string Name { get; }

    public Uri Address { get; }

    /// <summary>Requests received outside health probes.</summary>
    public long Requests => Interlocked.Read(ref _count.Value);

    public static async Task<Backend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var count = new RequestCount();
        app.MapGet("/health/ready", () => Results.Ok());
        app.Map("/{**path}", (Delegate)((HttpContext context) => Echo(name, count, context)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Backend(name, app, new Uri(address), count);
    }

    /// <summary>
    /// Echoes the request; "?status=404" answers that status with an empty chunked body (no Content-Length,
    /// no Content-Type: what a server's error pages would fill in), "?delayMs=500" answers late.
    /// </summary>
    private static async Task<IResult> Echo(string name, RequestCount count, HttpContext context)
    {
        Interlocked.Increment(ref count.Value);
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
}

public sealed record BackendEcho(string Backend, string Method, string Path, Dictionary<string, string> Headers);
