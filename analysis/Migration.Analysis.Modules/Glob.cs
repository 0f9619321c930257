namespace Migration.Analysis.Modules;

/// <summary>Name matching with '*' standing for any run of characters, ignoring case, as assembly names do.</summary>
public static class Glob
{
    public static bool IsMatch(string text, string pattern)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(text, pattern, StringComparison.OrdinalIgnoreCase);
        }

        var parts = pattern.Split('*');
        if (!text.StartsWith(parts[0], StringComparison.OrdinalIgnoreCase) || !text.EndsWith(parts[^1], StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var position = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = text.IndexOf(parts[i], position, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return position <= text.Length - parts[^1].Length;
    }
}
