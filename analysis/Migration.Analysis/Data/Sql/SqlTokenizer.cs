namespace Migration.Analysis.Data.Sql;

/// <summary>
/// Splits SQL text into tokens, in the dialects code sends: PostgreSQL, T-SQL, SQLite. Comments are dropped;
/// string literals, quoted names and parameters are single tokens, so nothing inside them reads as SQL.
/// </summary>
internal static class SqlTokenizer
{
    /// <returns>The tokens; null where a string, quoted name or comment is left open, as in a fragment of a statement.</returns>
    public static List<SqlToken>? Tokenize(string text)
    {
        var tokens = new List<SqlToken>(text.Length / 5 + 4);
        var spaced = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                spaced = true;
                continue;
            }

            if (c == '-' && At(text, i + 1) == '-')
            {
                var end = text.IndexOf('\n', i);
                i = end < 0 ? text.Length : end + 1;
                spaced = true;
                continue;
            }

            if (c == '/' && At(text, i + 1) == '*')
            {
                i = AfterBlockComment(text, i);
                if (i < 0)
                {
                    return null;
                }

                spaced = true;
                continue;
            }

            var start = i;
            var kind = SqlTokenKind.Symbol;
            var keyword = SqlKeyword.None;
            switch (c)
            {
                case '\'':
                    kind = SqlTokenKind.String;
                    i = AfterQuoted(text, i, '\'', backslashEscapes: false);
                    break;
                case '"' or '`':
                    kind = SqlTokenKind.QuotedName;
                    i = AfterQuoted(text, i, c, backslashEscapes: false);
                    break;
                case '[':
                    kind = SqlTokenKind.QuotedName;
                    i = AfterQuoted(text, i, ']', backslashEscapes: false);
                    break;
                case '@' when IsNameChar(At(text, i + 1)) || At(text, i + 1) == '@':
                    kind = SqlTokenKind.Parameter;
                    i = AfterName(text, i + 2);
                    break;
                case ':' when At(text, i + 1) == ':':
                    i += 2;
                    break;
                case ':' when IsNameStart(At(text, i + 1)):
                    kind = SqlTokenKind.Parameter;
                    i = AfterName(text, i + 1);
                    break;
                case '$':
                    (kind, i) = Dollar(text, i);
                    break;
                case '?':
                    kind = SqlTokenKind.Parameter;
                    i++;
                    while (char.IsAsciiDigit(At(text, i)))
                    {
                        i++;
                    }

                    break;
                case '{' when At(text, i + 1) == '{':
                    i += 2;
                    break;
                case '{' when AfterHole(text, i) is > 0 and var end:
                    kind = SqlTokenKind.Hole;
                    i = end;
                    break;
                case '.' when char.IsAsciiDigit(At(text, i + 1)) && (tokens.Count == 0 || spaced || tokens[^1].Kind == SqlTokenKind.Symbol):
                    kind = SqlTokenKind.Number;
                    i = AfterNumber(text, i);
                    break;
                default:
                    if (char.IsAsciiDigit(c))
                    {
                        kind = SqlTokenKind.Number;
                        i = AfterNumber(text, i);
                    }
                    else if (IsNameStart(c))
                    {
                        i = AfterName(text, i + 1);
                        if (At(text, i) == '\'' && i - start == 1 && "NnEeXxBb".Contains(c, StringComparison.Ordinal))
                        {
                            // N'..', E'..' (backslash escapes), X'..', B'..': one string literal.
                            kind = SqlTokenKind.String;
                            i = AfterQuoted(text, i, '\'', backslashEscapes: c is 'E' or 'e');
                        }
                        else
                        {
                            kind = SqlTokenKind.Word;
                            keyword = SqlKeywords.Of(text.Substring(start, i - start));
                        }
                    }
                    else
                    {
                        i++;
                    }

                    break;
            }

            if (i < 0)
            {
                return null;
            }

            tokens.Add(new SqlToken(kind, start, i - start, keyword, spaced));
            spaced = false;
        }

        return tokens;
    }

    /// <summary>The name a word or quoted name gives, without its quotes.</summary>
    public static string NameOf(string text, SqlToken token)
    {
        if (token.Kind != SqlTokenKind.QuotedName)
        {
            return text.Substring(token.Start, token.Length);
        }

        var close = text[token.Start] == '[' ? ']' : text[token.Start];
        var inner = text.Substring(token.Start + 1, token.Length - 2);
        return inner.Replace(new string(close, 2), close.ToString(), StringComparison.Ordinal);
    }

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    private static bool IsNameStart(char c) => char.IsLetter(c) || c is '_' or '#';

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '#' or '$';

    private static int AfterName(string text, int i)
    {
        while (i < text.Length && IsNameChar(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int AfterNumber(string text, int i)
    {
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'
            || (text[i] == '.' && char.IsAsciiDigit(At(text, i + 1)))
            || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E' && char.IsAsciiDigit(text[i - 2]))))
        {
            i++;
        }

        return i;
    }

    /// <summary>Past the closing quote; a doubled quote (or a backslash, in E'..') escapes it. -1 when it never closes.</summary>
    private static int AfterQuoted(string text, int open, char close, bool backslashEscapes)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            if (backslashEscapes && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == close)
            {
                if (At(text, i + 1) != close)
                {
                    return i + 1;
                }

                i++;
            }
        }

        return -1;
    }

    /// <summary>Past a /* comment */, which nests in PostgreSQL; -1 when it never closes.</summary>
    private static int AfterBlockComment(string text, int i)
    {
        var depth = 0;
        while (i < text.Length - 1)
        {
            if (text[i] == '/' && text[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (text[i] == '*' && text[i + 1] == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return -1;
    }

    /// <summary>$$..$$ or $tag$..$tag$ (a string), $1 or $name (a parameter), or a lone $.</summary>
    private static (SqlTokenKind Kind, int End) Dollar(string text, int i)
    {
        var tagEnd = i + 1;
        if (IsNameStart(At(text, tagEnd)) || At(text, tagEnd) == '$')
        {
            while (tagEnd < text.Length && (char.IsLetterOrDigit(text[tagEnd]) || text[tagEnd] == '_'))
            {
                tagEnd++;
            }

            if (At(text, tagEnd) == '$')
            {
                var tag = text.AsSpan(i, tagEnd - i + 1);
                var close = text.AsSpan(tagEnd + 1).IndexOf(tag, StringComparison.Ordinal);
                return (SqlTokenKind.String, close < 0 ? -1 : tagEnd + 1 + close + tag.Length);
            }

            return (SqlTokenKind.Parameter, tagEnd);
        }

        if (char.IsAsciiDigit(At(text, i + 1)))
        {
            var end = i + 1;
            while (char.IsAsciiDigit(At(text, end)))
            {
                end++;
            }

            return (SqlTokenKind.Parameter, end);
        }

        return (SqlTokenKind.Symbol, i + 1);
    }

    /// <summary>Past {0}, {0,-8}, {0:N2} or {name}: a hole left for the program to fill; 0 when the brace opens none.</summary>
    private static int AfterHole(string text, int open)
    {
        var i = open + 1;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        if (i == open + 1)
        {
            return 0;
        }

        if (At(text, i) is ',' or ':')
        {
            var close = text.IndexOf('}', i);
            var line = text.IndexOf('\n', i);
            return close < 0 || (line >= 0 && line < close) ? 0 : close + 1;
        }

        return At(text, i) == '}' ? i + 1 : 0;
    }
}
