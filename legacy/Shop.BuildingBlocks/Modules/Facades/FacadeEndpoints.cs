using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Contracts.Estate;
using Shop.BuildingBlocks.Apis;
using Shop.BuildingBlocks.Modules.Facades;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Every facade a process serves, over HTTP: what other modules ask of a module, as endpoints under
/// the module's own route, so that once the module is a service of its own the monolith asks the same
/// questions over the network. They answer from this side's own implementation, never through the
/// switchable facade. Bad input is a 400 problem naming the argument, never a 500. They are the estate's
/// own calls: only a request with the estate's service key is answered, and without a key they do not exist.
/// </summary>
public static class FacadeEndpoints
{
    public static string PathOf(string module) => $"/api/{module}/facade";

    public static IEndpointRouteBuilder MapModuleFacades(this IEndpointRouteBuilder app)
    {
        if (ServiceKey.From(app.ServiceProvider.GetRequiredService<IConfiguration>()) is not { } key)
        {
            return app;
        }

        foreach (var facade in app.ServiceProvider.GetServices<ModuleFacade>())
        {
            var group = app.MapGroup(PathOf(facade.Module)).WithTags($"{facade.Module} facade");
            foreach (var operation in FacadeContract.Of(facade.Contract).Operations)
            {
                group.MapPost($"/{operation.Name}", key.Guard(context => AnswerAsync(context, facade.Implementation, operation)));
            }
        }

        return app;
    }

    private static async Task AnswerAsync(HttpContext context, Type implementation, FacadeOperation operation)
    {
        var result = await CallAsync(context, implementation, operation);
        await result.ExecuteAsync(context);
    }

    private static async Task<IResult> CallAsync(HttpContext context, Type implementation, FacadeOperation operation)
    {
        var cancellationToken = context.RequestAborted;
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, FacadeContract.Json, cancellationToken);
        }
        catch (JsonException)
        {
            return Problem("$", "The body must be a JSON object of the operation's arguments.");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Problem("$", "The body must be a JSON object of the operation's arguments.");
        }

        var args = new object?[operation.Arguments.Count + 1];
        for (var i = 0; i < operation.Arguments.Count; i++)
        {
            var argument = operation.Arguments[i];
            try
            {
                args[i] = body.TryGetProperty(argument.Name, out var value) ? value.Deserialize(argument.Type, FacadeContract.Json) : null;
            }
            catch (JsonException)
            {
                return Problem(argument.Name, $"'{argument.Name}' is not a valid {argument.Type.Name}.");
            }

            if (args[i] is null && !argument.MayBeNull)
            {
                return Problem(argument.Name, $"'{argument.Name}' is required.");
            }
        }

        args[^1] = cancellationToken;
        Task call;
        try
        {
            call = (Task)operation.Method.Invoke(context.RequestServices.GetRequiredService(implementation), args)!;
            await call;
        }
        catch (Exception exception) when (Unwrap(exception) is ArgumentException argumentException)
        {
            return Problem(argumentException.ParamName ?? "$", ArgumentMessage(argumentException));
        }

        return operation.ResultType is null
            ? TypedResults.NoContent()
            : TypedResults.Json(operation.ResultOf(call), FacadeContract.Json, statusCode: StatusCodes.Status200OK);
    }

    private static Exception Unwrap(Exception exception) =>
        exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;

    /// <summary>The message without the " (Parameter 'x')" suffix: the problem names the argument already.</summary>
    private static string ArgumentMessage(ArgumentException exception) =>
        exception.ParamName is null ? exception.Message : exception.Message.Replace($" (Parameter '{exception.ParamName}')", "", StringComparison.Ordinal);

    private static IResult Problem(string argument, string message) => new RequestValidator().Add(argument, message).ToProblem();
}
