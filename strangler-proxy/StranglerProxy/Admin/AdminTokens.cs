using System.Security.Cryptography;
using System.Text;

namespace StranglerProxy.Admin;

/// <summary>
/// The admin API's credentials: named tokens (Migration:Admin:Tokens:&lt;name&gt;), so the audit trail says who
/// changed what from the credential itself; Migration:Admin:Token is one more token, named "admin".
/// </summary>
internal sealed class AdminTokens
{
    public const string TokenKey = "Migration:Admin:Token";
    public const string NamedTokensKey = "Migration:Admin:Tokens";

    private readonly (string Name, byte[] Token)[] _tokens;

    private AdminTokens((string Name, byte[] Token)[] tokens) => _tokens = tokens;

    /// <summary>The configured tokens, or null when there are none (then the admin API and the dashboard are off).</summary>
    public static AdminTokens? From(IConfiguration configuration)
    {
        var tokens = configuration.GetSection(NamedTokensKey).GetChildren()
            .Where(named => !string.IsNullOrWhiteSpace(named.Value))
            .Select(named => (named.Key, Encoding.UTF8.GetBytes(named.Value!)))
            .ToList();
        if (configuration[TokenKey] is { } single && !string.IsNullOrWhiteSpace(single))
        {
            tokens.Add(("admin", Encoding.UTF8.GetBytes(single)));
        }

        return tokens.Count == 0 ? null : new AdminTokens([.. tokens]);
    }

    /// <summary>The name of the token presented, or null when it is none of them (compared in constant time each).</summary>
    public string? NameOf(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        string? name = null;
        foreach (var (candidate, token) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(bytes, token))
            {
                name ??= candidate;
            }
        }

        return name;
    }
}

/// <summary>Who called the admin API: the name of the token they presented.</summary>
internal sealed record AdminCaller(string Name)
{
    public static AdminCaller Of(HttpContext context) =>
        context.Features.Get<AdminCaller>() ?? throw new InvalidOperationException("The admin API's token filter did not run.");
}
