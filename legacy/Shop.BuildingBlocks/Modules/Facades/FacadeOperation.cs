using System.Reflection;

namespace Shop.BuildingBlocks.Modules.Facades;

/// <summary>One method of a facade interface: its name on the wire, its arguments and what it answers.</summary>
public sealed class FacadeOperation
{
    private static readonly MethodInfo CastMethod = typeof(FacadeOperation).GetMethod(nameof(CastAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<Task<object?>, object>? _typed;
    private readonly PropertyInfo? _result;

    private FacadeOperation(MethodInfo method, string name, IReadOnlyList<FacadeArgument> arguments, Type? resultType)
    {
        Method = method;
        Name = name;
        Arguments = arguments;
        ResultType = resultType;
        if (resultType is not null)
        {
            _typed = CastMethod.MakeGenericMethod(resultType).CreateDelegate<Func<Task<object?>, object>>();
            _result = typeof(Task<>).MakeGenericType(resultType).GetProperty(nameof(Task<object>.Result));
        }
    }

    public MethodInfo Method { get; }

    /// <summary>The last segment of the operation's path.</summary>
    public string Name { get; }

    /// <summary>The arguments that travel, in parameter order (the cancellation token does not).</summary>
    public IReadOnlyList<FacadeArgument> Arguments { get; }

    /// <summary>The T of Task&lt;T&gt;, or null for a plain Task.</summary>
    public Type? ResultType { get; }

    /// <summary>The position of the method's cancellation token: last, after the arguments that travel.</summary>
    public int CancellationTokenIndex => Arguments.Count;

    internal static FacadeOperation Of(Type facade, MethodInfo method)
    {
        var where = $"{facade.FullName}.{method.Name}";
        var returns = method.ReturnType;
        Type? resultType = returns == typeof(Task) ? null
            : returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>) ? returns.GetGenericArguments()[0]
            : throw new InvalidOperationException($"{where} returns {returns.Name}: a facade method returns Task or Task<T>.");
        var parameters = method.GetParameters();
        if (parameters.Length == 0 || parameters[^1].ParameterType != typeof(CancellationToken))
        {
            throw new InvalidOperationException($"{where}: a facade method takes a CancellationToken last.");
        }

        var arguments = parameters[..^1].Select(p => p.ParameterType == typeof(CancellationToken)
            ? throw new InvalidOperationException($"{where}: a facade method takes one CancellationToken, last.")
            : new FacadeArgument(JsonNameOf(p.Name!), p.ParameterType, MayBeNull(p))).ToList();
        return new FacadeOperation(method, FacadeContract.OperationName(method.Name), arguments, resultType);
    }

    /// <summary>The Task&lt;T&gt; of this operation for an answer read as object.</summary>
    public object Typed(Task<object?> answer) => _typed is null ? answer : _typed(answer);

    /// <summary>What a finished call of the implementation answered (null for a plain Task).</summary>
    public object? ResultOf(Task finished) => _result?.GetValue(finished);

    // NullabilityInfoContext is not thread-safe: hosts may build their contracts side by side.
    private static bool MayBeNull(ParameterInfo parameter) => parameter.ParameterType.IsValueType
        ? Nullable.GetUnderlyingType(parameter.ParameterType) is not null
        : new NullabilityInfoContext().Create(parameter).WriteState != NullabilityState.NotNull;

    private static string JsonNameOf(string name) => FacadeContract.Json.PropertyNamingPolicy?.ConvertName(name) ?? name;

    private static async Task<T> CastAsync<T>(Task<object?> answer) => (T)(await answer)!;
}

/// <summary>An argument of a facade operation: its JSON property name and type.</summary>
public sealed record FacadeArgument(string Name, Type Type, bool MayBeNull);
