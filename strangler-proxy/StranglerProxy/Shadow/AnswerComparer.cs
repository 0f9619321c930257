using System.Text.Json;

namespace StranglerProxy.Shadow;

/// <summary>
/// Compares the monolith's answer with the extracted service's: status, the plan's headers, and the
/// body (JSON by value under the module's rules, anything else byte for byte). With a second answer of
/// the monolith, whatever differs between its own two answers is noise and does not count, as in Diffy.
/// </summary>
internal static class AnswerComparer
{
    public const int MaxDifferences = 20;

    /// <param name="maxBodyBytes">The most a body may hold once decompressed (Migration:Shadow:MaxBodyBytes).</param>
    public static Comparison Compare(ShadowAnswer legacy, ShadowAnswer extracted, ShadowAnswer? legacyAgain, ShadowRules rules,
        int maxBodyBytes = ShadowOptions.DefaultMaxBodyBytes)
    {
        var differences = Differences(legacy, extracted, rules, maxBodyBytes);
        if (differences.Count == 0 || legacyAgain is null)
        {
            return new Comparison(differences, []);
        }

        var noise = Differences(legacy, legacyAgain, rules, maxBodyBytes).Select(d => d.Path).ToList();
        var remaining = differences.Where(d => !noise.Any(n => IsSameOrUnder(d.Path, n))).ToList();
        return new Comparison(remaining, noise);
    }

    private static List<Difference> Differences(ShadowAnswer legacy, ShadowAnswer other, ShadowRules rules, int maxBodyBytes)
    {
        var differences = new List<Difference>();
        if (legacy.Status != other.Status)
        {
            differences.Add(new Difference("status", legacy.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                other.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        foreach (var header in rules.Plan.Headers)
        {
            var mine = legacy.Headers.GetValueOrDefault(header);
            var theirs = other.Headers.GetValueOrDefault(header);
            if (!string.Equals(Normalize(mine), Normalize(theirs), StringComparison.OrdinalIgnoreCase))
            {
                differences.Add(new Difference($"header:{header}", mine, theirs));
            }
        }

        var myBody = ContentDecoding.Decode(legacy.Body, legacy.ContentEncoding, maxBodyBytes);
        var theirBody = ContentDecoding.Decode(other.Body, other.ContentEncoding, maxBodyBytes);
        if (myBody.Span.SequenceEqual(theirBody.Span))
        {
            // The common case, and the cheap one: the same bytes are the same value under any rule.
            return differences;
        }

        if (IsJson(legacy.ContentType) && IsJson(other.ContentType) && TryParse(myBody, out var mine2) && TryParse(theirBody, out var theirs2))
        {
            using (mine2)
            using (theirs2)
            {
                differences.AddRange(JsonDiff.Between(mine2.RootElement, theirs2.RootElement, rules, MaxDifferences));
            }
        }
        else
        {
            differences.Add(new Difference("body", $"{myBody.Length:N0} bytes", $"{theirBody.Length:N0} bytes"));
        }

        return differences;
    }

    /// <summary>"application/json; charset=utf-8" and "application/json;charset=utf-8" are the same header.</summary>
    private static string? Normalize(string? value) =>
        value is null ? null : string.Join(';', value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.Contains("/json", StringComparison.OrdinalIgnoreCase) || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    private static bool TryParse(ReadOnlyMemory<byte> body, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }
    }

    private static bool IsSameOrUnder(string path, string ancestor) =>
        path == ancestor
        || (path.Length > ancestor.Length && path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] is '.' or '[');
}

/// <summary>The outcome of one comparison: what differs (empty when the answers match) and what was noise.</summary>
internal sealed record Comparison(IReadOnlyList<Difference> Differences, IReadOnlyList<string> Noise)
{
    public bool Matched => Differences.Count == 0;
}
