namespace Migration.Analysis.Reading;

/// <summary>Tells SQL text from other string literals, cheaply, before anything looks for table names in it.</summary>
internal static class SqlDetector
{
    private static readonly string[] Verbs = ["SELECT ", "INSERT INTO ", "UPDATE ", "DELETE FROM ", "MERGE "];
    private static readonly string[] Clauses = [" FROM ", " INTO ", " SET ", " JOIN "];

    /// <summary>Characters SQL nearly always has and prose rarely does: "select a product from the list" is not SQL.</summary>
    private static readonly char[] SqlPunctuation = ['*', '=', '@', '.', '[', '"', '_', '(', ';', ','];

    public static bool LooksLikeSql(string text)
    {
        if (text.Length < 10)
        {
            return false;
        }

        // Judged for every distinct string literal of every assembly: plain loops, no closures.
        var verb = FirstIn(text, Verbs);
        if (verb is null || FirstIn(text, Clauses) is null)
        {
            return false;
        }

        return text.Contains(verb, StringComparison.Ordinal) || text.IndexOfAny(SqlPunctuation) >= 0;
    }

    /// <summary>The first of the words the text contains, in any case.</summary>
    private static string? FirstIn(string text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return word;
            }
        }

        return null;
    }
}
