using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Shop.BuildingBlocks.Apis;

/// <summary>
/// Collects field errors of a request and turns them into a 400 application/problem+json whose
/// "errors" name each field as the client spelled it (camelCase JSON paths).
/// </summary>
public sealed class RequestValidator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public RequestValidator Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }

        return this;
    }

    public RequestValidator Required(string field, string? value, int maxLength) => string.IsNullOrWhiteSpace(value)
        ? Add(field, $"'{field}' is required.")
        : Check(value.Length <= maxLength, field, $"'{field}' must be at most {maxLength} characters.");

    public RequestValidator Optional(string field, string? value, int maxLength) =>
        Check(value is null || value.Length <= maxLength, field, $"'{field}' must be at most {maxLength} characters.");

    public RequestValidator Required(string field, Guid value) =>
        Check(value != Guid.Empty, field, $"'{field}' is required.");

    public RequestValidator Range(string field, int value, int min, int max) =>
        Check(value >= min && value <= max, field, $"'{field}' must be between {min} and {max}.");

    public RequestValidator Range(string field, decimal value, decimal min, decimal max) =>
        Check(value >= min && value <= max, field, $"'{field}' must be between {min} and {max}.");

    public RequestValidator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
        title: "The request is invalid.");
}
