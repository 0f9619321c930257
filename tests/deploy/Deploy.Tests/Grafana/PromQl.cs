namespace Deploy.Tests.Grafana;

/// <summary>
/// The series a PromQL expression selects: every metric it names, with the labels its positive matchers (<c>=</c>,
/// <c>=~</c>) require. Small on purpose, and strict: it reads the language's tokens (strings, ranges in brackets,
/// numbers and durations, Grafana's <c>$variables</c>, identifiers) and tells a metric from a function by the '(' after
/// it, from an aggregation, keyword or grouping label by name; what it cannot place (a selector without a metric
/// name) it refuses rather than skips. It does not evaluate anything.
/// </summary>
public static class PromQl
{
    private static readonly HashSet<string> Aggregations = new(StringComparer.OrdinalIgnoreCase)
    {
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    };

    /// <summary>Keywords that are followed by a list of label names in parentheses.</summary>
    private static readonly HashSet<string> Groupings = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "offset", "bool", "and", "or", "unless", "atan2", "inf", "nan",
    };

    public static IReadOnlyList<Selector> Selectors(string expression)
    {
        var selectors = new List<Selector>();
        var at = 0;
        while (at < expression.Length)
        {
            var c = expression[at];
            if (c is '"' or '\'' or '`')
            {
                at = AfterString(expression, at);
            }
            else if (c == '[')
            {
                // A range or a subquery's range and step: durations, or Grafana's $__rate_interval.
                at = expression.IndexOf(']', at) is var end and >= 0 ? end + 1 : throw Unreadable(expression, "an unclosed '['");
            }
            else if (c == '$')
            {
                at = AfterVariable(expression, at);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && at + 1 < expression.Length && char.IsAsciiDigit(expression[at + 1])))
            {
                // A number (0.95, 1e3, 0x1f) or a duration (1m, 1h30m): never a name.
                while (at < expression.Length && (char.IsAsciiLetterOrDigit(expression[at]) || expression[at] is '.' or '_'))
                {
                    at++;
                }
            }
            else if (c == '{')
            {
                throw Unreadable(expression, "a selector without a metric name before its '{'");
            }
            else if (IsNameStart(c))
            {
                var start = at;
                while (at < expression.Length && IsNamePart(expression[at]))
                {
                    at++;
                }

                var word = expression[start..at];
                var next = NextSignificant(expression, at);
                if (Groupings.Contains(word))
                {
                    at = next < expression.Length && expression[next] == '(' ? AfterParenthesis(expression, next) : at;
                }
                else if (Aggregations.Contains(word) || Keywords.Contains(word) || (next < expression.Length && expression[next] == '('))
                {
                    // An aggregation, a keyword, or a function: not a metric.
                }
                else if (next < expression.Length && expression[next] == '{')
                {
                    var (labels, end) = Matchers(expression, next);
                    selectors.Add(new Selector(word, labels));
                    at = end;
                }
                else
                {
                    selectors.Add(new Selector(word, []));
                }
            }
            else
            {
                at++;
            }
        }

        return selectors;
    }

    /// <summary>The labels of the positive matchers between '{' at <paramref name="open"/> and its '}', and where reading goes on.</summary>
    private static (IReadOnlyList<string> Labels, int End) Matchers(string expression, int open)
    {
        var labels = new List<string>();
        var at = open + 1;
        while (true)
        {
            at = NextSignificant(expression, at);
            if (at >= expression.Length)
            {
                throw Unreadable(expression, "an unclosed '{'");
            }

            if (expression[at] == '}')
            {
                return (labels, at + 1);
            }

            if (expression[at] == ',')
            {
                at++;
                continue;
            }

            var start = at;
            while (at < expression.Length && IsNamePart(expression[at]))
            {
                at++;
            }

            var label = expression[start..at];
            at = NextSignificant(expression, at);
            var op = expression[at..Math.Min(at + 2, expression.Length)];
            var (positive, length) = op switch
            {
                "=~" => (true, 2),
                "!=" or "!~" => (false, 2),
                _ when op.StartsWith('=') => (true, 1),
                _ => throw Unreadable(expression, $"no matcher after the label '{label}'"),
            };
            if (label.Length == 0)
            {
                throw Unreadable(expression, "a matcher without a label");
            }

            at = NextSignificant(expression, at + length);
            if (at >= expression.Length || expression[at] is not ('"' or '\'' or '`'))
            {
                throw Unreadable(expression, $"no quoted value for the label '{label}'");
            }

            at = AfterString(expression, at);
            if (positive)
            {
                labels.Add(label);
            }
        }
    }

    private static int AfterString(string expression, int open)
    {
        var quote = expression[open];
        for (var at = open + 1; at < expression.Length; at++)
        {
            if (expression[at] == '\\' && quote != '`')
            {
                at++;
            }
            else if (expression[at] == quote)
            {
                return at + 1;
            }
        }

        throw Unreadable(expression, "an unclosed string");
    }

    /// <summary>Grafana's variables: $name, ${name} (with a format), $__rate_interval.</summary>
    private static int AfterVariable(string expression, int dollar)
    {
        if (dollar + 1 < expression.Length && expression[dollar + 1] == '{')
        {
            return expression.IndexOf('}', dollar) is var end and >= 0 ? end + 1 : throw Unreadable(expression, "an unclosed '${'");
        }

        var at = dollar + 1;
        while (at < expression.Length && IsNamePart(expression[at]))
        {
            at++;
        }

        return at;
    }

    private static int AfterParenthesis(string expression, int open) =>
        expression.IndexOf(')', open) is var close and >= 0 ? close + 1 : throw Unreadable(expression, "an unclosed '('");

    private static int NextSignificant(string expression, int at)
    {
        while (at < expression.Length && char.IsWhiteSpace(expression[at]))
        {
            at++;
        }

        return at;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static FormatException Unreadable(string expression, string what) => new($"Cannot read the PromQL expression (it has {what}): {expression}");
}

/// <summary>A metric an expression selects, and the labels it must carry for the expression's matchers to mean anything.</summary>
public sealed record Selector(string Metric, IReadOnlyList<string> Labels)
{
    public override string ToString() => Labels.Count == 0 ? Metric : $"{Metric}{{{string.Join(", ", Labels)}}}";
}
