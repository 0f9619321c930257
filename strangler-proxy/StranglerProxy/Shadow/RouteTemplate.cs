namespace StranglerProxy.Shadow;

/// <summary>A plain route template of the shadow plan: literal segments, "{name}" for one segment, a last "{*name}" for the rest.</summary>
internal sealed class RouteTemplate(string text)
{
    private readonly string[] _segments = Split(text);

    public string Text { get; } = text;

    public bool Matches(string path)
    {
        var segments = Split(path);
        for (var i = 0; i < _segments.Length; i++)
        {
            var template = _segments[i];
            if (template.StartsWith("{*", StringComparison.Ordinal))
            {
                return true;
            }

            if (i >= segments.Length)
            {
                return false;
            }

            if (!template.StartsWith('{') && !string.Equals(template, segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return segments.Length == _segments.Length;
    }

    /// <summary>
    /// A path with its identifiers replaced by "{id}", so one endpoint is one route in the report:
    /// /api/catalog/products/3f2a… and /api/catalog/products/9b1c… are both /api/catalog/products/{id}.
    /// </summary>
    public static string Generalize(string path) =>
        "/" + string.Join('/', Split(path).Select(segment => LooksLikeAnId(segment) ? "{id}" : segment));

    private static bool LooksLikeAnId(string segment) =>
        Guid.TryParse(segment, out _) || segment.All(char.IsAsciiDigit) || (segment.Length >= 8 && segment.Any(char.IsAsciiDigit));

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
