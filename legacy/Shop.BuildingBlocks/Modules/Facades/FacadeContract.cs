using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Shop.BuildingBlocks.Modules.Facades;

/// <summary>
/// The operations of a module's facade interface, as they travel over HTTP: each method is
/// <c>POST /api/&lt;module&gt;/facade/&lt;operation&gt;</c> with its arguments as the properties of a JSON object,
/// and answers its result as JSON (or 204 for a plain Task). Worked out once per interface.
/// </summary>
public sealed class FacadeContract
{
    /// <summary>How arguments and results are written on both sides.</summary>
    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    private static readonly ConcurrentDictionary<Type, FacadeContract> Contracts = new();

    private readonly FrozenDictionary<MethodInfo, FacadeOperation> _byMethod;

    private FacadeContract(Type facade)
    {
        Type = facade;
        Operations = [.. facade.GetMethods().Select(method => FacadeOperation.Of(facade, method))];
        _byMethod = Operations.ToFrozenDictionary(o => o.Method);
        if (Operations.GroupBy(o => o.Name).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException($"{facade.FullName}: two methods travel as operation '{clash.Key}'; overloads cannot cross HTTP.");
        }
    }

    public Type Type { get; }

    public IReadOnlyList<FacadeOperation> Operations { get; }

    /// <summary>The contract of a facade interface; throws, naming the method, when one cannot travel over HTTP.</summary>
    public static FacadeContract Of(Type facade) => Contracts.GetOrAdd(facade, type => type.IsInterface
        ? new FacadeContract(type)
        : throw new InvalidOperationException($"{type.FullName} is not an interface: only facade interfaces travel over HTTP."));

    public FacadeOperation OperationOf(MethodInfo method) => _byMethod[method];

    /// <summary>"GetProductPricesAsync" travels as "get-product-prices".</summary>
    internal static string OperationName(string methodName)
    {
        var name = methodName.EndsWith("Async", StringComparison.Ordinal) ? methodName[..^"Async".Length] : methodName;
        var kebab = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                kebab.Append('-');
            }

            kebab.Append(char.ToLowerInvariant(name[i]));
        }

        return kebab.ToString();
    }
}
