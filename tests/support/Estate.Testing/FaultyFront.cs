using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Estate.Testing;

/// <summary>
/// A real server in front of a real service that passes every request through, and, while
/// <see cref="FailReads"/> is set, answers the module's reads (GET /api/...) with 500 itself: a service
/// whose reads break (a bad deployment, a corrupt row) while its writes and its DataSync still work.
/// </summary>
public sealed class FaultyFront : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private volatile bool _failReads;

    private FaultyFront(WebApplication app, HttpClient upstream, Uri address) => (_app, _upstream, Address) = (app, upstream, address);

    public Uri Address { get; }

    public bool FailReads
    {
        get => _failReads;
        set => _failReads = value;
    }

    public static async Task<FaultyFront> StartAsync(Uri service)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new HttpClient { BaseAddress = service };
        FaultyFront? front = null;
        app.Run(async context =>
        {
            if (front!.FailReads && HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
            // The estate's own calls (the proxy reading DataSync's status) keep their key on the way through.
            if (context.Request.Headers.TryGetValue(Contracts.Estate.ServiceKey.Header, out var key))
            {
                request.Headers.Add(Contracts.Estate.ServiceKey.Header, key.ToString());
            }

            if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                request.Content = new StreamContent(context.Request.Body);
                if (context.Request.ContentType is { } type)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                }
            }

            using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Content.Headers.Where(h => h.Key is "Content-Type"))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return front = new FaultyFront(app, upstream, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
