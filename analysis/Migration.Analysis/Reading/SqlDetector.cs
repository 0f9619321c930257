namespace Migration.Analysis.Reading;

/// <summary>Tells SQL text from other string literals, cheaply, before anything looks for table names in it.</summary>
internal static class SqlDetector
{
    private static readonly string[] Keywords = ["SELECT ", "INSERT INTO ", "UPDATE ", "DELETE FROM ", "MERGE ", " FROM ", " JOIN "];

    public static bool LooksLikeSql(string text)
    {
        if (text.Length < 10)
        {
            return false;
        }

        var hits = 0;
        foreach (var keyword in Keywords)
        {
            if (text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
            {
                hits++;
            }
        }

        // A statement verb plus a FROM/JOIN/INTO, or "UPDATE x SET": one keyword alone is too often prose.
        return hits >= 2 || (text.Contains("UPDATE ", StringComparison.OrdinalIgnoreCase) && text.Contains(" SET ", StringComparison.OrdinalIgnoreCase));
    }
}
