using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Contracts.Estate;

/// <summary>
/// The estate's credential for its own calls. Module facades, integration-event inboxes and DataSync's
/// endpoints answer only a request that carries it (header <see cref="Header"/>), whatever network the request
/// comes from; the front door passes it on for the monolith's facade calls and answers 404 to everyone else.
/// One key per estate ("Estate:ServiceKey"); a host without one serves none of those endpoints.
/// </summary>
public sealed class ServiceKey
{
    public const string ConfigurationKey = "Estate:ServiceKey";

    public const string Header = "X-Estate-Key";

    private readonly byte[] _expected;

    public ServiceKey(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
        _expected = Encoding.UTF8.GetBytes(value);
    }

    public string Value { get; }

    /// <summary>The estate's key from configuration, or null when none is configured.</summary>
    public static ServiceKey? From(IConfiguration configuration) =>
        configuration[ConfigurationKey] is { Length: > 0 } value ? new ServiceKey(value) : null;

    /// <summary>Whether the request carries this key (compared in constant time).</summary>
    public bool IsCarriedBy(HttpRequest request) =>
        request.Headers.TryGetValue(Header, out var presented) && presented.Count == 1
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented.ToString()), _expected);

    /// <summary>What a host answers a request for one of its internal endpoints that lacks the key.</summary>
    public static IResult Refusal() => Results.Problem(
        $"This endpoint serves the estate's own calls only: they carry the service key in {Header}.", statusCode: StatusCodes.Status401Unauthorized);

    /// <summary><paramref name="next"/>, for requests that carry the key; <see cref="Refusal"/> for the others.</summary>
    public RequestDelegate Guard(RequestDelegate next) => context => IsCarriedBy(context.Request) ? next(context) : Refusal().ExecuteAsync(context);
}
