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

        var verb = Verbs.FirstOrDefault(v => text.Contains(v, StringComparison.OrdinalIgnoreCase));
        if (verb is null || !Clauses.Any(c => text.Contains(c, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return text.Contains(verb, StringComparison.Ordinal) || text.IndexOfAny(SqlPunctuation) >= 0;
    }
}
