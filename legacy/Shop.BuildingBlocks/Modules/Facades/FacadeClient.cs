using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;

namespace Shop.BuildingBlocks.Modules.Facades;

/// <summary>
/// A module's facade answered over HTTP by whoever serves the module's API at <c>http://&lt;host&gt;</c>: the
/// module's service or the front door. Any facade interface works, with no client code per module.
/// A 400 comes back as the ArgumentException the implementation threw; other failures as
/// HttpRequestException. The estate's HttpClient defaults retry, so facade operations are idempotent.
/// </summary>
public class FacadeClient : DispatchProxy
{
    private HttpClient _http = null!;
    private FacadeContract _contract = null!;
    private string _basePath = "";

    public static TFacade Create<TFacade>(HttpClient http, string module, string host)
        where TFacade : class => (TFacade)Create(typeof(TFacade), http, module, host);

    public static object Create(Type facade, HttpClient http, string module, string host)
    {
        var client = Create(facade, typeof(FacadeClient));
        var self = (FacadeClient)client;
        self._http = http;
        self._contract = FacadeContract.Of(facade);
        self._basePath = $"http://{host}{FacadeEndpoints.PathOf(module)}/";
        return client;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var operation = _contract.OperationOf(targetMethod!);
        var arguments = args ?? [];
        return operation.Typed(SendAsync(operation, arguments, (CancellationToken)arguments[operation.CancellationTokenIndex]!));
    }

    private async Task<object?> SendAsync(FacadeOperation operation, object?[] args, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        for (var i = 0; i < operation.Arguments.Count; i++)
        {
            body[operation.Arguments[i].Name] = System.Text.Json.JsonSerializer.SerializeToNode(args[i], operation.Arguments[i].Type, FacadeContract.Json);
        }

        using var response = await _http.PostAsJsonAsync(_basePath + operation.Name, body, FacadeContract.Json, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest
            && await ReadProblemAsync(response, cancellationToken) is { } problem)
        {
            var (field, messages) = problem.Errors.FirstOrDefault();
            throw new ArgumentException(messages?.FirstOrDefault() ?? problem.Detail ?? problem.Title ?? "Rejected.", field);
        }

        response.EnsureSuccessStatusCode();
        return operation.ResultType is null || response.StatusCode == HttpStatusCode.NoContent
            ? null
            : await response.Content.ReadFromJsonAsync(operation.ResultType, FacadeContract.Json, cancellationToken);
    }

    private static async Task<ValidationProblemDetails?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(FacadeContract.Json, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
