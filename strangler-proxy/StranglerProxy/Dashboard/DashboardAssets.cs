using System.Collections.Frozen;
using System.IO.Hashing;
using Microsoft.Net.Http.Headers;

namespace StranglerProxy.Dashboard;

/// <summary>
/// The dashboard's files, embedded in the proxy and read once: the page, its chart code and uPlot (MIT,
/// Assets/uPlot.LICENSE), the charting library it draws with. Nothing is fetched from elsewhere, so the
/// dashboard works in an estate with no way out. Each file answers with an ETag, so a browser asks again
/// (and gets 304) rather than keeping an older proxy's copy.
/// </summary>
internal static class DashboardAssets
{
    public const string Path = "/migration/assets/{name}";

    public static Asset Page { get; } = Read("dashboard.html", "text/html; charset=utf-8");

    private static readonly FrozenDictionary<string, Asset> Files = new[]
    {
        Read("dashboard-charts.js", "text/javascript; charset=utf-8"),
        Read("uPlot.iife.min.js", "text/javascript; charset=utf-8"),
        Read("uPlot.min.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    public static IResult Serve(Asset asset, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        return context.Request.Headers.IfNoneMatch == asset.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    public static IResult Serve(string name, HttpContext context) =>
        Files.TryGetValue(name, out var asset) ? Serve(asset, context) : TypedResults.NotFound();

    private static Asset Read(string name, string contentType)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("dashboard/" + name)
            ?? throw new InvalidOperationException($"The dashboard's {name} is not embedded in the proxy.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        return new Asset(name, content, contentType, new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(XxHash3.Hash(content))}\"").ToString());
    }

    internal sealed record Asset(string Name, byte[] Content, string ContentType, string ETag);
}
