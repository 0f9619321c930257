namespace Migration.Analysis.Reading;

/// <summary>
/// Tells SQL text from other string literals, cheaply, before anything parses it. A statement opens with its verb
/// (after whitespace, comments, semicolons and parentheses), so nearly every literal is judged by its first word.
/// </summary>
internal static class SqlDetector
{
    private static readonly string[] Statements =
        ["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH", "VALUES", "REPLACE", "CREATE", "ALTER", "DROP", "TRUNCATE"];

    /// <summary>T-SQL scripts open with these before the statements that name tables.</summary>
    private static readonly string[] ScriptStatements = ["SET", "DECLARE", "BEGIN", "IF"];

    /// <summary>A table follows one of these words (or is the verb's own object): "SELECT 1" and "BEGIN TRAN" name none.</summary>
    private static readonly string[] TableWords = ["FROM", "INTO", "JOIN", "TABLE", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "USING", "INSERT"];

    /// <summary>Characters SQL nearly always has and prose rarely does: "Select a product from the list" is not SQL.</summary>
    private static readonly char[] SqlPunctuation = ['*', '=', '@', '.', '[', '"', '_', '(', ';', ',', '{', '$', ':', '?', '`'];

    public static bool LooksLikeSql(string text)
    {
        if (text.Length < 10)
        {
            return false;
        }

        // Judged for every distinct string literal of every assembly: plain loops, no closures.
        var start = FirstWord(text, out var length);
        if (start < 0 || !IsStatement(text.AsSpan(start, length)))
        {
            return false;
        }

        if (IsCapitalised(text.AsSpan(start, length)) && text.AsSpan().IndexOfAny(SqlPunctuation) < 0)
        {
            return false;
        }

        foreach (var word in TableWords)
        {
            if (ContainsWord(text, word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the text's first word is a statement's: the literal may open a statement assembled from pieces.</summary>
    public static bool StartsLikeStatement(string text)
    {
        var start = FirstWord(text, out var length);
        return start >= 0 && IsStatement(text.AsSpan(start, length));
    }

    /// <summary>Where the first word starts, past whitespace, comments, ';' and '('; -1 where something else comes first.</summary>
    private static int FirstWord(string text, out int length)
    {
        length = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c is ';' or '(')
            {
                i++;
            }
            else if (c == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end + 1;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else
            {
                break;
            }
        }

        var start = i;
        while (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            i++;
        }

        length = i - start;
        return length > 0 && (i == text.Length || (!char.IsLetterOrDigit(text[i]) && text[i] != '_')) ? start : -1;
    }

    private static bool IsStatement(ReadOnlySpan<char> word) => IsOneOf(word, Statements) || IsOneOf(word, ScriptStatements);

    private static bool IsOneOf(ReadOnlySpan<char> word, string[] words)
    {
        foreach (var candidate in words)
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Select", not "SELECT" or "select": how a sentence starts.</summary>
    private static bool IsCapitalised(ReadOnlySpan<char> word) =>
        char.IsUpper(word[0]) && word.Length > 1 && !word[1..].ContainsAnyExceptInRange('a', 'z');

    /// <summary>Whether the word occurs in the text, in any case, with no letter, digit or underscore on either side.</summary>
    private static bool ContainsWord(string text, string word)
    {
        var from = 0;
        while (true)
        {
            var at = text.IndexOf(word, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            var end = at + word.Length;
            if ((at == 0 || !IsWordChar(text[at - 1])) && (end == text.Length || !IsWordChar(text[end])))
            {
                return true;
            }

            from = at + 1;
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
