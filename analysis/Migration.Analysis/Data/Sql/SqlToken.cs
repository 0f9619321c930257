namespace Migration.Analysis.Data.Sql;

internal enum SqlTokenKind : byte
{
    /// <summary>An unquoted identifier or keyword.</summary>
    Word,

    /// <summary>"name", [name] or `name`.</summary>
    QuotedName,

    /// <summary>'text', N'text', E'text', $$text$$, $tag$text$tag$.</summary>
    String,

    Number,

    /// <summary>@p, @@ROWCOUNT, :p, $1, ?, ?1.</summary>
    Parameter,

    /// <summary>{0} or {name}: text the program supplies when it formats or assembles the statement.</summary>
    Hole,

    /// <summary>Punctuation or an operator; :: is one token, every other symbol a character.</summary>
    Symbol,
}

/// <summary>
/// One token of a statement, by position in its text. <paramref name="Spaced"/>: whitespace or a comment comes
/// before it, so it does not continue the token before (orders_{0} is one name, orders {0} is not).
/// </summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, SqlKeyword Keyword, bool Spaced)
{
    public bool Is(SqlKeyword keyword) => Kind == SqlTokenKind.Word && Keyword == keyword;

    public bool IsSymbol(string text, char symbol) => Kind == SqlTokenKind.Symbol && Length == 1 && text[Start] == symbol;
}
