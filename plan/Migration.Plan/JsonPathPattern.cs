using System.Text;

namespace Plan;

/// <summary>
/// A JSON path pattern of the plan: "$", then ".name", "['name']", "[3]", wildcards ".*" and "[*]", and
/// "..name" for a property at any depth. A pattern covers a value's path when it matches the path or
/// one of its ancestors, so ignoring "$.meta" ignores everything under it.
/// </summary>
public sealed class JsonPathPattern
{
    private readonly Step[] _steps;

    private JsonPathPattern(string text, Step[] steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    public override string ToString() => Text;

    public static bool TryParse(string text, out JsonPathPattern pattern, out string error)
    {
        pattern = null!;
        if (!text.StartsWith('$'))
        {
            error = "A JSON path starts with '$'.";
            return false;
        }

        var steps = new List<Step>();
        var i = 1;
        while (i < text.Length)
        {
            var descendant = false;
            if (text[i] == '.')
            {
                i++;
                if (i < text.Length && text[i] == '.')
                {
                    descendant = true;
                    i++;
                }

                var start = i;
                while (i < text.Length && text[i] is not ('.' or '['))
                {
                    i++;
                }

                var name = text[start..i];
                if (name.Length == 0)
                {
                    error = $"Expected a property name or '*' at position {start + 1}.";
                    return false;
                }

                steps.Add(new Step(name == "*" ? StepKind.AnyProperty : StepKind.Property, name, 0, descendant));
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    error = $"Unclosed '[' at position {i + 1}.";
                    return false;
                }

                var inside = text[(i + 1)..close];
                if (inside == "*")
                {
                    steps.Add(new Step(StepKind.AnyIndex, "", 0, false));
                }
                else if (int.TryParse(inside, System.Globalization.NumberStyles.None, null, out var index))
                {
                    steps.Add(new Step(StepKind.Index, "", index, false));
                }
                else if (inside.Length >= 2 && inside[0] == '\'' && inside[^1] == '\'')
                {
                    steps.Add(new Step(StepKind.Property, inside[1..^1], 0, false));
                }
                else
                {
                    error = $"'[{inside}]' is neither an index, '*' nor a quoted name.";
                    return false;
                }

                i = close + 1;
            }
            else
            {
                error = $"Unexpected '{text[i]}' at position {i + 1}; expected '.' or '['.";
                return false;
            }
        }

        pattern = new JsonPathPattern(text, [.. steps]);
        error = "";
        return true;
    }

    public static JsonPathPattern Parse(string text) =>
        TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException($"JSON path '{text}': {error}");

    /// <summary>True when the pattern matches <paramref name="path"/> (property names and array indexes) or one of its ancestors.</summary>
    public bool Covers(IReadOnlyList<object> path) => Match(0, path, 0, prefix: true);

    /// <summary>True when the pattern matches <paramref name="path"/> itself.</summary>
    public bool Matches(IReadOnlyList<object> path) => Match(0, path, 0, prefix: false);

    private bool Match(int step, IReadOnlyList<object> path, int at, bool prefix)
    {
        if (step == _steps.Length)
        {
            return prefix || at == path.Count;
        }

        var current = _steps[step];
        if (current.Descendant)
        {
            // "..name": the step may match here or at any deeper level.
            for (var from = at; from < path.Count; from++)
            {
                if (current.Accepts(path[from]) && Match(step + 1, path, from + 1, prefix))
                {
                    return true;
                }
            }

            return false;
        }

        return at < path.Count && current.Accepts(path[at]) && Match(step + 1, path, at + 1, prefix);
    }

    /// <summary>A concrete path as text: $.items[3].price, with odd names quoted: $['unit price'].</summary>
    public static string Format(IReadOnlyList<object> path)
    {
        var text = new StringBuilder("$");
        foreach (var segment in path)
        {
            if (segment is int index)
            {
                text.Append('[').Append(index).Append(']');
            }
            else if (segment is string name && name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') && !char.IsAsciiDigit(name[0]))
            {
                text.Append('.').Append(name);
            }
            else
            {
                text.Append("['").Append(segment).Append("']");
            }
        }

        return text.ToString();
    }

    private enum StepKind
    {
        Property,
        AnyProperty,
        Index,
        AnyIndex,
    }

    private readonly record struct Step(StepKind Kind, string Name, int Index, bool Descendant)
    {
        public bool Accepts(object segment) => Kind switch
        {
            StepKind.Property => segment is string name && string.Equals(name, Name, StringComparison.Ordinal),
            StepKind.AnyProperty => segment is string,
            StepKind.Index => segment is int index && index == Index,
            _ => segment is int,
        };
    }
}
