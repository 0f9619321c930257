using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults;

/// <summary>
/// Turns request-binding failures (malformed JSON, a string where a number belongs, a missing body)
/// into a 400 application/problem+json that names the offending field, instead of a bare 400 or a 500.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        LogBadRequest(logger, context.Request.Method, context.Request.Path, badRequest.Message);
        var (field, reason) = Describe(badRequest);
        context.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
            {
                Status = badRequest.StatusCode,
                Title = badRequest.StatusCode == StatusCodes.Status400BadRequest
                    ? "The request is malformed."
                    : "The request cannot be processed.",
                Detail = badRequest.Message,
            },
        });
    }

    /// <summary>The field a client should fix, as it appears in its JSON or query string.</summary>
    internal static (string Field, string Reason) Describe(BadHttpRequestException exception)
    {
        // System.Text.Json reports the JSON path of the value it could not read ("$.lines[0].quantity").
        // Its message names CLR types, which mean nothing to a client, so it is not passed on.
        if (exception.InnerException is JsonException { Path: { Length: > 0 } path })
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
            return field == "$"
                ? (field, "The request body is not valid JSON for this endpoint.")
                : (field, $"'{field}' has a value of the wrong type, or the JSON around it is malformed.");
        }

        if (exception.InnerException is JsonException)
        {
            return ("$", "The request body is not valid JSON.");
        }

        if (exception.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
            || exception.Message.Contains("was not provided from body", StringComparison.Ordinal))
        {
            return ("$", "A JSON request body is required.");
        }

        // Route and query binding: 'Failed to bind parameter "int? Page" from "abc".'
        var parameter = ParameterPattern().Match(exception.Message);
        if (parameter.Success)
        {
            var name = parameter.Groups["name"].Value;
            return (char.ToLowerInvariant(name[0]) + name[1..], exception.Message);
        }

        return ("$", exception.Message);
    }

    [GeneratedRegex("parameter \"[^\"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex ParameterPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Method} {Path}: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string method, string path, string reason);
}
