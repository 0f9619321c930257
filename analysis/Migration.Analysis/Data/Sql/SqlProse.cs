namespace Migration.Analysis.Data.Sql;

/// <summary>
/// Tells sentences from statements where both parse: "Delete from cart" and "Select a product from the list"
/// are valid SQL, word for word.
/// </summary>
internal static class SqlProse
{
    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "this", "that", "these", "those", "my", "your", "our", "their", "its", "his", "her", "which", "whose",
    };

    /// <summary>
    /// A text that opens with a capitalised word ("Select", not "SELECT" or "select") and has nothing but words and
    /// sentence punctuation: statements written that way are rare, messages are not.
    /// </summary>
    public static bool IsSentence(string text, List<SqlToken> tokens)
    {
        if (tokens.Count == 0 || tokens[0].Kind != SqlTokenKind.Word || !IsCapitalised(text.AsSpan(tokens[0].Start, tokens[0].Length)))
        {
            return false;
        }

        foreach (var token in tokens)
        {
            if (token.Kind != SqlTokenKind.Word && !(token.Kind == SqlTokenKind.Symbol && token.Length == 1 && text[token.Start] is '.' or ',' or ':' or '!' or '?' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"from the list", "into the queue": a table by that name is a sentence's article or pronoun.</summary>
    public static bool IsDeterminer(string word) => Determiners.Contains(word);

    private static bool IsCapitalised(ReadOnlySpan<char> word)
    {
        if (word.Length < 2 || !char.IsUpper(word[0]))
        {
            return false;
        }

        foreach (var c in word[1..])
        {
            if (!char.IsLower(c))
            {
                return false;
            }
        }

        return true;
    }
}
