using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using StranglerProxy.Plan;

namespace StranglerProxy.Routing;

/// <summary>Decides, per request, whether the monolith or the extracted service serves it.</summary>
internal sealed class TargetSelector(string? testerSecret)
{
    private readonly byte[]? _secret = string.IsNullOrEmpty(testerSecret) ? null : Encoding.UTF8.GetBytes(testerSecret);

    public Target Select(HttpContext context, ModulePlan module)
    {
        // A tester steers reads only: a write always goes to the data owner, whoever asks.
        if (TesterOverride(context) is { } chosen && IsSafe(context.Request.Method))
        {
            return chosen;
        }

        return module.Stage switch
        {
            Stage.Extracted or Stage.Retired => Target.Extracted,
            // Writes go to the data owner, which is the monolith until the module is extracted.
            Stage.Canary when IsSafe(context.Request.Method) && IsInCanary(context, module) => Target.Extracted,
            _ => Target.Legacy,
        };
    }

    /// <summary>The tester's choice, when the request carries the secret; the headers never reach a backend.</summary>
    private Target? TesterOverride(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (!headers.TryGetValue(MigrationHeaders.Target, out var requested))
        {
            headers.Remove(MigrationHeaders.TesterSecret);
            return null;
        }

        var secret = headers[MigrationHeaders.TesterSecret].ToString();
        StripTesterHeaders(headers);
        if (_secret is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), _secret))
        {
            return null;
        }

        return requested.ToString() switch
        {
            MigrationHeaders.LegacyValue => Target.Legacy,
            MigrationHeaders.ExtractedValue => Target.Extracted,
            _ => null,
        };
    }

    /// <summary>Takes the tester's headers off a request (on every route: a backend never sees the secret).</summary>
    public static void StripTesterHeaders(IHeaderDictionary headers)
    {
        headers.Remove(MigrationHeaders.Target);
        headers.Remove(MigrationHeaders.TesterSecret);
    }

    private static bool IsInCanary(HttpContext context, ModulePlan module)
    {
        var key = StickyKeyOf(context, module.Canary.StickyBy);
        // Without a key there is nothing to keep sticky: such callers stay on the monolith.
        return key.Length > 0 && CanaryAssignment.IsInCanary(module.Name, key, module.Canary.Percent);
    }

    private static string StickyKeyOf(HttpContext context, StickyKey sticky) => sticky.Source switch
    {
        StickyKeySource.Header => context.Request.Headers[sticky.Name].ToString(),
        StickyKeySource.Cookie => context.Request.Cookies[sticky.Name] ?? "",
        StickyKeySource.Claim => context.User.FindFirst(sticky.Name)?.Value ?? "",
        _ => context.Connection.RemoteIpAddress?.ToString() ?? "",
    };

    public static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
