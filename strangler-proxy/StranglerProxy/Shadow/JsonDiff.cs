using System.Text;
using System.Text.Json;

namespace StranglerProxy.Shadow;

/// <summary>
/// The differences between two JSON documents under a module's shadow rules: ignored paths skipped,
/// numbers compared by value (within the tolerance), arrays under an unordered path compared as sets
/// (both sides sorted by their canonical text), and values under a redacted path never shown.
/// </summary>
internal sealed class JsonDiff(ShadowRules rules, int maxDifferences)
{
    private const int MaxValueLength = 200;

    private readonly List<Difference> _differences = [];
    private readonly List<object> _path = [];

    public bool Truncated { get; private set; }

    public static IReadOnlyList<Difference> Between(JsonElement legacy, JsonElement extracted, ShadowRules rules, int maxDifferences = 20)
    {
        var diff = new JsonDiff(rules, maxDifferences);
        diff.Compare(legacy, extracted);
        return diff._differences;
    }

    private void Compare(JsonElement legacy, JsonElement extracted)
    {
        if (_differences.Count >= maxDifferences || rules.IsIgnored(_path))
        {
            Truncated |= _differences.Count >= maxDifferences;
            return;
        }

        if (KindOf(legacy) != KindOf(extracted))
        {
            Report(legacy, extracted);
            return;
        }

        switch (legacy.ValueKind)
        {
            case JsonValueKind.Object:
                CompareObjects(legacy, extracted);
                break;
            case JsonValueKind.Array:
                CompareArrays(legacy, extracted);
                break;
            case JsonValueKind.Number:
                if (!NumbersEqual(legacy, extracted))
                {
                    Report(legacy, extracted);
                }

                break;
            case JsonValueKind.String:
                if (!legacy.ValueEquals(extracted.GetString()))
                {
                    Report(legacy, extracted);
                }

                break;
            case JsonValueKind.True or JsonValueKind.False:
                if (legacy.ValueKind != extracted.ValueKind)
                {
                    Report(legacy, extracted);
                }

                break;
        }
    }

    private void CompareObjects(JsonElement legacy, JsonElement extracted)
    {
        var theirs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in extracted.EnumerateObject())
        {
            theirs[property.Name] = property.Value;
        }

        foreach (var property in legacy.EnumerateObject())
        {
            _path.Add(property.Name);
            if (theirs.Remove(property.Name, out var other))
            {
                Compare(property.Value, other);
            }
            else if (!rules.IsIgnored(_path))
            {
                Report(property.Value, null);
            }

            _path.RemoveAt(_path.Count - 1);
        }

        foreach (var (name, value) in theirs)
        {
            _path.Add(name);
            if (!rules.IsIgnored(_path))
            {
                Report(null, value);
            }

            _path.RemoveAt(_path.Count - 1);
        }
    }

    private void CompareArrays(JsonElement legacy, JsonElement extracted)
    {
        IReadOnlyList<JsonElement> mine = [.. legacy.EnumerateArray()];
        IReadOnlyList<JsonElement> theirs = [.. extracted.EnumerateArray()];
        if (rules.IsUnordered(_path))
        {
            mine = [.. mine.OrderBy(Canonical, StringComparer.Ordinal)];
            theirs = [.. theirs.OrderBy(Canonical, StringComparer.Ordinal)];
        }

        for (var i = 0; i < Math.Max(mine.Count, theirs.Count); i++)
        {
            _path.Add(i);
            if (i < mine.Count && i < theirs.Count)
            {
                Compare(mine[i], theirs[i]);
            }
            else if (!rules.IsIgnored(_path))
            {
                Report(i < mine.Count ? mine[i] : null, i < theirs.Count ? theirs[i] : null);
            }

            _path.RemoveAt(_path.Count - 1);
        }
    }

    private bool NumbersEqual(JsonElement legacy, JsonElement extracted)
    {
        if (legacy.TryGetDecimal(out var a) && extracted.TryGetDecimal(out var b) && a == b)
        {
            return true;
        }

        return Math.Abs(legacy.GetDouble() - extracted.GetDouble()) <= rules.Plan.NumericTolerance;
    }

    private void Report(JsonElement? legacy, JsonElement? extracted)
    {
        if (_differences.Count >= maxDifferences)
        {
            Truncated = true;
            return;
        }

        _differences.Add(new Difference(JsonPathPattern.Format(_path), Show(legacy), Show(extracted)));
    }

    /// <summary>The value as JSON text, with redacted parts replaced and long values cut.</summary>
    private string? Show(JsonElement? value)
    {
        if (value is not { } element)
        {
            return null;
        }

        if (rules.IsRedacted(_path))
        {
            return Difference.Redacted;
        }

        var text = rules.Redact.Length == 0 ? element.GetRawText() : RedactedCopy(element);
        return text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength), "…");
    }

    private string RedactedCopy(JsonElement element)
    {
        var output = new StringBuilder();
        Write(element, output);
        return output.ToString();
    }

    private void Write(JsonElement element, StringBuilder output)
    {
        if (rules.IsRedacted(_path))
        {
            output.Append('"').Append(Difference.Redacted).Append('"');
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                output.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    output.Append(first ? "" : ",").Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    first = false;
                    _path.Add(property.Name);
                    Write(property.Value, output);
                    _path.RemoveAt(_path.Count - 1);
                }

                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    output.Append(index == 0 ? "" : ",");
                    _path.Add(index++);
                    Write(item, output);
                    _path.RemoveAt(_path.Count - 1);
                }

                output.Append(']');
                break;
            default:
                output.Append(element.GetRawText());
                break;
        }
    }

    /// <summary>The element's text with object properties in name order, so equal elements sort together.</summary>
    private static string Canonical(JsonElement element)
    {
        var output = new StringBuilder();
        WriteCanonical(element, output);
        return output.ToString();
    }

    private static void WriteCanonical(JsonElement element, StringBuilder output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                output.Append('{');
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    output.Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    WriteCanonical(property.Value, output);
                    output.Append(',');
                }

                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(item, output);
                    output.Append(',');
                }

                output.Append(']');
                break;
            case JsonValueKind.Number when element.TryGetDecimal(out var number):
                output.Append(number.ToString("G29", System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                output.Append(element.GetRawText());
                break;
        }
    }

    private static JsonValueKind KindOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.False ? JsonValueKind.True : element.ValueKind;
}
