namespace Migration.Analysis.Data.Sql;

/// <summary>
/// Reads the statements of a SQL text far enough to know which names stand where a table goes: after FROM and
/// JOIN (comma joins included), as the target of INSERT, UPDATE, DELETE, MERGE and SELECT INTO, and in CREATE,
/// ALTER, DROP and TRUNCATE TABLE and REFERENCES. Expressions are stepped over whole, so FROM inside a call
/// (EXTRACT(YEAR FROM x), SUBSTRING(x FROM 1 FOR 2), TRIM(BOTH ' ' FROM x)) is never a table; subqueries inside
/// them are read. Function calls in FROM (generate_series(..), OPENJSON(..), unnest(..)), common table expressions,
/// temporary tables and aliases are not tables.
/// </summary>
/// <remarks>
/// The text must open with a statement (SELECT, INSERT, UPDATE, DELETE, MERGE, WITH, VALUES, REPLACE INTO, CREATE,
/// ALTER, DROP, TRUNCATE, or a script statement such as SET, DECLARE, BEGIN or IF that the parser steps over), and
/// every table position must hold a name followed by what SQL allows there. Anything else, a fragment or a sentence
/// such as "Update failed: could not update the order from the server", is not SQL, and yields nothing.
/// </remarks>
internal sealed class SqlStatementParser
{
    private static readonly SqlToken End = new(SqlTokenKind.Symbol, 0, 0, SqlKeyword.None, Spaced: true);

    private readonly string _text;
    private readonly List<SqlToken> _tokens;
    private readonly List<Reference> _references = [];
    private readonly List<Reference> _aliases = [];
    private readonly HashSet<string> _madeHere = new(StringComparer.OrdinalIgnoreCase); // common table expressions, temporary tables
    private int _i;
    private int _statement;
    private bool _failed;

    private SqlStatementParser(string text, List<SqlToken> tokens)
    {
        _text = text;
        _tokens = tokens;
    }

    /// <summary>
    /// A name in a table position, or an alias (as Table); <paramref name="MaybeAlias"/>: a T-SQL target such as
    /// UPDATE t .. FROM orders t. A class: lists of classes share code the runtime has compiled ahead of time.
    /// </summary>
    private sealed record Reference(string? Schema, string Table, int Statement, bool MaybeAlias);

    /// <returns>The tables in order of first mention; null where the text is not SQL.</returns>
    public static IReadOnlyList<TableName>? Parse(string text, List<SqlToken> tokens)
    {
        var parser = new SqlStatementParser(text, tokens);
        parser.Script();
        return parser._failed ? null : parser.Tables();
    }

    private bool AtEnd => _i >= _tokens.Count;

    private SqlToken Peek(int ahead = 0) => _i + ahead < _tokens.Count ? _tokens[_i + ahead] : End;

    private bool Is(SqlKeyword keyword, int ahead = 0) => Peek(ahead).Is(keyword);

    private bool IsSymbol(char symbol, int ahead = 0) => Peek(ahead).IsSymbol(_text, symbol);

    private void Advance() => _i++;

    private bool Accept(SqlKeyword keyword)
    {
        if (!Is(keyword))
        {
            return false;
        }

        _i++;
        return true;
    }

    private bool Accept(char symbol)
    {
        if (!IsSymbol(symbol))
        {
            return false;
        }

        _i++;
        return true;
    }

    private void Expect(SqlKeyword keyword)
    {
        if (!Accept(keyword))
        {
            Fail();
        }
    }

    private void Expect(char symbol)
    {
        if (!Accept(symbol))
        {
            Fail();
        }
    }

    /// <summary>Not SQL: every reading method then sees the end of the text, and returns.</summary>
    private void Fail()
    {
        _failed = true;
        _i = _tokens.Count;
    }

    private void Script()
    {
        while (Accept(';'))
        {
        }

        var first = Peek();
        if (!(first.Kind == SqlTokenKind.Word && SqlKeywords.StartsStatement(first.Keyword)) && !first.IsSymbol(_text, '('))
        {
            Fail();
            return;
        }

        while (!AtEnd)
        {
            if (Accept(';'))
            {
                continue;
            }

            Statement();
            _statement++;

            // T-SQL runs statements on without semicolons: the next one must begin where this one ends.
            var next = Peek();
            if (!AtEnd && !next.IsSymbol(_text, ';') && !(next.Kind == SqlTokenKind.Word && SqlKeywords.StartsStatement(next.Keyword)))
            {
                Fail();
            }
        }
    }

    private void Statement()
    {
        if (DataModification())
        {
            return;
        }

        switch (Peek().Keyword)
        {
            case SqlKeyword.Create:
                Create();
                break;
            case SqlKeyword.Alter:
                Alter();
                break;
            case SqlKeyword.Drop:
                Drop();
                break;
            case SqlKeyword.Truncate:
                Truncate();
                break;
            case SqlKeyword.With or SqlKeyword.Select or SqlKeyword.Values:
                Query();
                break;
            case var keyword when SqlKeywords.IsScriptStatement(keyword) && Peek().Kind == SqlTokenKind.Word:
                ScriptStatement();
                break;
            default:
                if (IsSymbol('('))
                {
                    Query();
                }
                else
                {
                    Fail();
                }

                break;
        }
    }

    /// <summary>INSERT (or REPLACE INTO), UPDATE, DELETE or MERGE, read if the next token opens one; false otherwise.</summary>
    private bool DataModification()
    {
        switch (Peek().Keyword)
        {
            case SqlKeyword.Insert:
            case SqlKeyword.Replace when Is(SqlKeyword.Into, 1):
                Insert();
                return true;
            case SqlKeyword.Update:
                Update();
                return true;
            case SqlKeyword.Delete:
                Delete();
                return true;
            case SqlKeyword.Merge:
                Merge();
                return true;
            default:
                return false;
        }
    }

    /// <summary>A statement inside parentheses: a subquery, or a data-modifying common table expression.</summary>
    private bool StartsInnerStatement() => Peek().Keyword switch
    {
        SqlKeyword.Select or SqlKeyword.With or SqlKeyword.Insert or SqlKeyword.Update or SqlKeyword.Delete or SqlKeyword.Merge => Peek().Kind == SqlTokenKind.Word,
        SqlKeyword.Values => IsSymbol('(', 1),
        _ => false,
    };

    private void InnerStatement()
    {
        if (!DataModification())
        {
            Query();
        }
    }

    /// <summary>WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (statement) [, ...], before the statement they serve.</summary>
    private void With()
    {
        Advance();
        Accept(SqlKeyword.Recursive);
        do
        {
            var name = Peek();
            if (!IsName(name))
            {
                Fail();
                return;
            }

            _madeHere.Add(SqlTokenizer.NameOf(_text, name));
            Advance();
            if (IsSymbol('('))
            {
                Parenthesized();
            }

            Expect(SqlKeyword.As);
            Accept(SqlKeyword.Not);
            Accept(SqlKeyword.Materialized);
            Expect('(');
            InnerStatement();
            Expect(')');
        }
        while (Accept(','));
    }

    private void Query()
    {
        if (Is(SqlKeyword.With))
        {
            With();
            if (!Is(SqlKeyword.Select) && !Is(SqlKeyword.Values) && !IsSymbol('('))
            {
                InnerStatement(); // WITH .. INSERT / UPDATE / DELETE / MERGE
                return;
            }
        }

        QueryTerm();
        while (Accept(SqlKeyword.Union) || Accept(SqlKeyword.Except) || Accept(SqlKeyword.Intersect))
        {
            if (!Accept(SqlKeyword.All))
            {
                Accept(SqlKeyword.Distinct);
            }

            QueryTerm();
        }

        Tail();
    }

    private void QueryTerm()
    {
        if (Accept('('))
        {
            InnerStatement();
            Expect(')');
        }
        else if (Is(SqlKeyword.Select))
        {
            Select();
        }
        else if (Accept(SqlKeyword.Values))
        {
            Expression(commas: true);
        }
        else
        {
            Fail();
        }
    }

    private void Select()
    {
        Advance();
        while (true)
        {
            if (Accept(SqlKeyword.All))
            {
                continue;
            }

            if (Accept(SqlKeyword.Distinct))
            {
                if (Accept(SqlKeyword.On))
                {
                    Parenthesized();
                }

                continue;
            }

            if (Is(SqlKeyword.Top))
            {
                Top();
                if (Is(SqlKeyword.With) && Is(SqlKeyword.Ties, 1))
                {
                    _i += 2;
                }

                continue;
            }

            break;
        }

        Expression(commas: true);
        if (Accept(SqlKeyword.Into))
        {
            // T-SQL SELECT .. INTO creates the table; so does PostgreSQL's, where TEMP makes it temporary.
            var temporary = Accept(SqlKeyword.Temp) | Accept(SqlKeyword.Temporary);
            Accept(SqlKeyword.Unlogged);
            Accept(SqlKeyword.Table);
            Target(temporary);
        }

        if (Accept(SqlKeyword.From))
        {
            TableReferences();
        }

        while (true)
        {
            if (Accept(SqlKeyword.Where) || Accept(SqlKeyword.Having) || Accept(SqlKeyword.Window) || Accept(SqlKeyword.Qualify))
            {
                Expression(commas: true);
            }
            else if (Accept(SqlKeyword.Group))
            {
                Expect(SqlKeyword.By);
                Expression(commas: true);
            }
            else
            {
                break;
            }
        }

        Tail();
    }

    /// <summary>ORDER BY, LIMIT, OFFSET, FETCH, FOR UPDATE / FOR XML, OPTION (..).</summary>
    private void Tail()
    {
        while (true)
        {
            if (Accept(SqlKeyword.Order))
            {
                Expect(SqlKeyword.By);
                Expression(commas: true);
            }
            else if (Accept(SqlKeyword.Limit) || Accept(SqlKeyword.Offset) || Accept(SqlKeyword.Fetch))
            {
                Expression(commas: true);
            }
            else if (Accept(SqlKeyword.For))
            {
                Locking();
            }
            else if (Accept(SqlKeyword.Option))
            {
                Parenthesized();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>FOR UPDATE [OF t] [NOWAIT | SKIP LOCKED], FOR SHARE, FOR XML PATH(''), FOR JSON AUTO: nothing in them is a table.</summary>
    private void Locking()
    {
        while (!AtEnd && !IsSymbol(';') && !IsSymbol(')'))
        {
            var token = Peek();
            if (token.Kind == SqlTokenKind.Word && token.Keyword is not (SqlKeyword.None or SqlKeyword.Update or SqlKeyword.Key or SqlKeyword.Only))
            {
                return;
            }

            if (IsSymbol('('))
            {
                Parenthesized();
            }
            else
            {
                Advance();
            }
        }
    }

    private void Top()
    {
        if (!Accept(SqlKeyword.Top))
        {
            return;
        }

        if (IsSymbol('('))
        {
            Parenthesized();
        }
        else
        {
            Advance();
        }

        Accept(SqlKeyword.Percent);
    }

    /// <summary>FROM's list: table references joined by commas or JOINs (ON or USING after each) or APPLY.</summary>
    private void TableReferences()
    {
        TableReference();
        while (!AtEnd)
        {
            if (Accept(','))
            {
                TableReference();
            }
            else if (IsJoin())
            {
                while (!Accept(SqlKeyword.Join) && !Accept(SqlKeyword.Apply))
                {
                    Advance();
                }

                TableReference();
                if (Accept(SqlKeyword.On))
                {
                    Expression(commas: false);
                }
                else if (Accept(SqlKeyword.Using))
                {
                    Parenthesized();
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>JOIN, or the words before it (NATURAL, INNER, LEFT OUTER, CROSS, T-SQL's hints such as HASH), or CROSS / OUTER APPLY.</summary>
    private bool IsJoin()
    {
        for (var ahead = 0; ahead < 5; ahead++)
        {
            var token = Peek(ahead);
            if (token.Kind != SqlTokenKind.Word)
            {
                return false;
            }

            switch (token.Keyword)
            {
                case SqlKeyword.Join:
                    return true;
                case SqlKeyword.Apply:
                    return ahead > 0;
                case SqlKeyword.Natural or SqlKeyword.Inner or SqlKeyword.Cross or SqlKeyword.Left or SqlKeyword.Right or SqlKeyword.Full
                    or SqlKeyword.Outer or SqlKeyword.Semi or SqlKeyword.Anti or SqlKeyword.Loop or SqlKeyword.Hash or SqlKeyword.Merge
                    or SqlKeyword.Remote:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    private void TableReference()
    {
        Accept(SqlKeyword.Lateral);
        if (Accept('('))
        {
            // A derived table, VALUES list, or joins in parentheses.
            if (StartsInnerStatement())
            {
                InnerStatement();
            }
            else
            {
                TableReferences();
            }

            Expect(')');
            Alias();
            return;
        }

        Accept(SqlKeyword.Only);
        if (Peek().Kind == SqlTokenKind.Parameter)
        {
            Advance(); // A T-SQL table variable, or a parameter: not a table of the database.
            Alias();
            return;
        }

        var name = Name();
        if (IsSymbol('(') && !IsTableHints())
        {
            // A table-valued function: generate_series(..), unnest(..), OPENJSON(..) WITH (..), dbo.fn(..).
            Parenthesized();
            if (Is(SqlKeyword.With) && Is(SqlKeyword.Ordinality, 1))
            {
                _i += 2;
            }

            Hints();
            Alias();
            return;
        }

        if (name is { } table)
        {
            _references.Add(new Reference(table.Schema, table.Table, _statement, MaybeAlias: false));
        }

        Accept('*'); // PostgreSQL: the table and its descendants
        Hints();
        Alias();
        Hints();
        if (Accept(SqlKeyword.Tablesample))
        {
            Advance();
            Parenthesized();
            if (Accept(SqlKeyword.Repeatable))
            {
                Parenthesized();
            }
        }
    }

    /// <summary>T-SQL's table hints, WITH (NOLOCK, INDEX(0)), or the older form without WITH.</summary>
    private void Hints()
    {
        while (true)
        {
            if (Is(SqlKeyword.With) && IsSymbol('(', 1))
            {
                Advance();
                Parenthesized();
            }
            else if (IsSymbol('(') && IsTableHints())
            {
                Parenthesized();
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>Whether the parentheses ahead hold T-SQL table hints only, as in orders (NOLOCK).</summary>
    private bool IsTableHints()
    {
        for (var ahead = 1; ; ahead++)
        {
            var token = Peek(ahead);
            if (token.IsSymbol(_text, ')'))
            {
                return ahead > 1;
            }

            if (!(token.IsSymbol(_text, ',') || (token.Kind == SqlTokenKind.Word && TableHintNames.Contains(_text.Substring(token.Start, token.Length)))))
            {
                return false;
            }
        }
    }

    private static readonly HashSet<string> TableHintNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "NOLOCK", "READUNCOMMITTED", "READCOMMITTED", "READCOMMITTEDLOCK", "READPAST", "REPEATABLEREAD", "SERIALIZABLE",
        "HOLDLOCK", "UPDLOCK", "XLOCK", "ROWLOCK", "PAGLOCK", "TABLOCK", "TABLOCKX", "NOWAIT", "FORCESEEK", "FORCESCAN",
        "NOEXPAND", "SNAPSHOT",
    };

    /// <summary>[AS] alias [(column aliases)]; an alias is never a reserved word, so WHERE, SET, ON or JOIN end the reference.</summary>
    private void Alias()
    {
        var token = Peek();
        if (Accept(SqlKeyword.As))
        {
            token = Peek();
            if (token.Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedName or SqlTokenKind.String))
            {
                Fail();
                return;
            }
        }
        else if (!IsName(token))
        {
            return;
        }

        _aliases.Add(new Reference(null, SqlTokenizer.NameOf(_text, token), _statement, MaybeAlias: false));
        Advance();
        if (IsSymbol('('))
        {
            Parenthesized();
        }
    }

    private bool IsName(SqlToken token) =>
        token.Kind == SqlTokenKind.QuotedName || (token.Kind == SqlTokenKind.Word && !SqlKeywords.IsReserved(token.Keyword));

    /// <summary>
    /// A name of one to four parts, of which the last two are schema and table. Holes glued to a word
    /// (orders_{0}) or standing for a part ({0}.orders) stay in the part's text, for ReportedTables to judge.
    /// </summary>
    private (string? Schema, string Table)? Name()
    {
        string? previous = null;
        string? last = null;
        var parts = 0;
        var first = Peek();
        if (first.Kind == SqlTokenKind.Word && (SqlKeywords.IsReserved(first.Keyword) || SqlProse.IsDeterminer(_text.Substring(first.Start, first.Length))))
        {
            Fail(); // FROM WHERE, UPDATE SET; or "from the list", a sentence
            return null;
        }

        do
        {
            var token = Peek();
            string part;
            if (token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedName or SqlTokenKind.Hole)
            {
                part = SqlTokenizer.NameOf(_text, token);
                Advance();
                while (Peek() is { Spaced: false, Kind: SqlTokenKind.Word or SqlTokenKind.QuotedName or SqlTokenKind.Hole or SqlTokenKind.Number } glued)
                {
                    part += SqlTokenizer.NameOf(_text, glued);
                    Advance();
                }
            }
            else if (parts > 0 && token.IsSymbol(_text, '.'))
            {
                part = ""; // T-SQL's db..table: the default schema
            }
            else
            {
                Fail();
                return null;
            }

            previous = last;
            last = part;
            parts++;
        }
        while (Accept('.'));

        return (previous, last);
    }

    /// <summary>The table a statement writes (INSERT, UPDATE, DELETE, MERGE, SELECT INTO, OUTPUT INTO); -1 for none.</summary>
    private int Target(bool temporary = false)
    {
        if (Peek().Kind == SqlTokenKind.Parameter)
        {
            Advance(); // @table variable
            return -1;
        }

        if (Name() is not { } name)
        {
            return -1;
        }

        if (temporary)
        {
            _madeHere.Add(name.Table);
            return -1;
        }

        _references.Add(new Reference(name.Schema, name.Table, _statement, MaybeAlias: false));
        return _references.Count - 1;
    }

    /// <summary>A target that, where a FROM or USING follows, may be an alias defined there (T-SQL UPDATE t SET .. FROM orders t).</summary>
    private void MayBeAlias(int target)
    {
        if (target >= 0 && _references[target].Schema is null)
        {
            _references[target] = _references[target] with { MaybeAlias = true };
        }
    }

    private void Insert()
    {
        var replace = Is(SqlKeyword.Replace);
        Advance();
        if (Accept(SqlKeyword.Or))
        {
            Advance(); // SQLite: INSERT OR REPLACE / IGNORE / ABORT / FAIL / ROLLBACK
        }

        Accept(SqlKeyword.Ignore);
        Top();
        if (!Accept(SqlKeyword.Into) && replace)
        {
            Fail();
            return;
        }

        Target();
        Hints();
        if (Accept(SqlKeyword.As))
        {
            Advance();
        }

        if (IsSymbol('('))
        {
            Parenthesized(); // the columns, or a query in parentheses
        }

        if (Accept(SqlKeyword.Overriding))
        {
            _i += 2; // SYSTEM VALUE, USER VALUE
        }

        Output();
        if (Accept(SqlKeyword.Values))
        {
            Expression(commas: true);
        }
        else if (Accept(SqlKeyword.Default))
        {
            Expect(SqlKeyword.Values);
        }
        else if (Is(SqlKeyword.Select) || Is(SqlKeyword.With) || IsSymbol('('))
        {
            Query();
        }
        else if (Is(SqlKeyword.Exec) || Is(SqlKeyword.Execute))
        {
            ScriptStatement();
        }
        else if (Accept(SqlKeyword.Set))
        {
            Expression(commas: true);
        }
        else if (!AtEnd && !IsSymbol(';') && !IsSymbol(')'))
        {
            Fail(); // "Insert into the queue failed"
            return;
        }

        Upsert();
        if (Accept(SqlKeyword.Returning))
        {
            Expression(commas: true);
        }
    }

    /// <summary>PostgreSQL's and SQLite's ON CONFLICT .. DO NOTHING / DO UPDATE SET, MySQL's ON DUPLICATE KEY UPDATE.</summary>
    private void Upsert()
    {
        while (Is(SqlKeyword.On))
        {
            if (Is(SqlKeyword.Conflict, 1))
            {
                _i += 2;
                if (IsSymbol('('))
                {
                    Parenthesized();
                }

                if (Accept(SqlKeyword.Where))
                {
                    Expression(commas: true);
                }

                if (Accept(SqlKeyword.On))
                {
                    Expect(SqlKeyword.Constraint);
                    Advance();
                }

                Expect(SqlKeyword.Do);
                if (!Accept(SqlKeyword.Nothing))
                {
                    Expect(SqlKeyword.Update);
                    Expect(SqlKeyword.Set);
                    Expression(commas: true);
                    if (Accept(SqlKeyword.Where))
                    {
                        Expression(commas: true);
                    }
                }
            }
            else if (Is(SqlKeyword.Duplicate, 1))
            {
                _i += 2;
                Expect(SqlKeyword.Key);
                Expect(SqlKeyword.Update);
                Expression(commas: true);
            }
            else
            {
                Fail();
            }
        }
    }

    private void Update()
    {
        Advance();
        Top();
        if (Accept(SqlKeyword.Or))
        {
            Advance(); // SQLite: UPDATE OR REPLACE ..
        }

        Accept(SqlKeyword.Only);
        var target = Target();
        Accept('*');
        Hints();
        Alias();
        if (!Accept(SqlKeyword.Set))
        {
            Fail(); // "Update failed: .."
            return;
        }

        Expression(commas: true);
        Output();
        if (Accept(SqlKeyword.From))
        {
            TableReferences();
            MayBeAlias(target);
        }

        if (Accept(SqlKeyword.Where))
        {
            Expression(commas: true);
        }

        if (Accept(SqlKeyword.Returning))
        {
            Expression(commas: true);
        }

        Tail();
    }

    private void Delete()
    {
        Advance();
        Top();
        Accept(SqlKeyword.From);
        Accept(SqlKeyword.Only);
        var target = Target(); // T-SQL also has DELETE t FROM orders t, and DELETE t WHERE ..
        Accept('*');
        Hints();
        Alias();
        Output();
        if (Accept(SqlKeyword.From) || Accept(SqlKeyword.Using))
        {
            TableReferences();
            MayBeAlias(target);
        }

        if (Accept(SqlKeyword.Where))
        {
            Expression(commas: true);
        }

        Output();
        if (Accept(SqlKeyword.Returning))
        {
            Expression(commas: true);
        }

        Tail();
    }

    private void Merge()
    {
        Advance();
        Top();
        Accept(SqlKeyword.Into);
        Target();
        Hints();
        Alias();
        Expect(SqlKeyword.Using);
        TableReference();
        Expect(SqlKeyword.On);
        Expression(commas: false);
        while (Accept(SqlKeyword.When))
        {
            Expression(commas: false); // [NOT] MATCHED [BY SOURCE] [AND ..]
            Expect(SqlKeyword.Then);
            if (Accept(SqlKeyword.Update))
            {
                Expect(SqlKeyword.Set);
                Expression(commas: true);
            }
            else if (Accept(SqlKeyword.Insert))
            {
                if (IsSymbol('('))
                {
                    Parenthesized();
                }

                if (Accept(SqlKeyword.Default))
                {
                    Expect(SqlKeyword.Values);
                }
                else
                {
                    Expect(SqlKeyword.Values);
                    Expression(commas: true);
                }
            }
            else if (Accept(SqlKeyword.Do))
            {
                Expect(SqlKeyword.Nothing);
            }
            else
            {
                Expect(SqlKeyword.Delete);
            }
        }

        Output();
        Tail();
        if (Accept(SqlKeyword.Returning))
        {
            Expression(commas: true);
        }
    }

    /// <summary>T-SQL's OUTPUT .. [INTO target [(columns)]].</summary>
    private void Output()
    {
        if (!Accept(SqlKeyword.Output))
        {
            return;
        }

        Expression(commas: true);
        if (Accept(SqlKeyword.Into))
        {
            Target();
            if (IsSymbol('('))
            {
                Parenthesized();
            }
        }
    }

    private void Create()
    {
        Advance();
        if (Accept(SqlKeyword.Or))
        {
            Advance(); // OR REPLACE, OR ALTER
        }

        var temporary = false;
        while (true)
        {
            if (Accept(SqlKeyword.Temp) || Accept(SqlKeyword.Temporary))
            {
                temporary = true;
            }
            else if (!(Accept(SqlKeyword.Global) || Accept(SqlKeyword.Local) || Accept(SqlKeyword.Unlogged) || Accept(SqlKeyword.Unique)
                || Accept(SqlKeyword.Clustered) || Accept(SqlKeyword.Nonclustered) || Accept(SqlKeyword.Materialized)))
            {
                break;
            }
        }

        if (Accept(SqlKeyword.Table))
        {
            IfExists();
            Target(temporary);
        }
        else if (Accept(SqlKeyword.Index))
        {
            SkipTo(SqlKeyword.On); // [CONCURRENTLY] [IF NOT EXISTS] [name]
            Expect(SqlKeyword.On);
            Accept(SqlKeyword.Only);
            Target();
        }
        else if (Accept(SqlKeyword.Trigger))
        {
            SkipTo(SqlKeyword.On); // name, and PostgreSQL's BEFORE / AFTER events
            Expect(SqlKeyword.On);
            Target();

            // Up to the body: T-SQL's AS, PostgreSQL's EXECUTE FUNCTION.
            while (!AtEnd && !IsSymbol(';') && !Is(SqlKeyword.As) && !Is(SqlKeyword.Execute) && !Is(SqlKeyword.Exec) && !Is(SqlKeyword.Begin))
            {
                if (IsSymbol('('))
                {
                    Parenthesized();
                }
                else
                {
                    Advance();
                }
            }

            Accept(SqlKeyword.As);
            return;
        }
        else if (Accept(SqlKeyword.View))
        {
            SkipTo(SqlKeyword.As); // the view's name is not a table; what it selects from is
        }

        Definition();
    }

    private void Alter()
    {
        Advance();
        if (Accept(SqlKeyword.Table))
        {
            IfExists();
            Accept(SqlKeyword.Only);
            Target();
            Accept('*');
        }

        Definition();
    }

    private void Drop()
    {
        Advance();
        if (Accept(SqlKeyword.Table))
        {
            IfExists();
            do
            {
                Target();
            }
            while (Accept(','));
        }

        Definition();
    }

    private void Truncate()
    {
        Advance();
        Accept(SqlKeyword.Table);
        do
        {
            Accept(SqlKeyword.Only);
            Target();
            Accept('*');
        }
        while (Accept(','));

        Definition();
    }

    private void IfExists()
    {
        if (Accept(SqlKeyword.If))
        {
            Accept(SqlKeyword.Not);
            Expect(SqlKeyword.Exists);
        }
    }

    private void SkipTo(SqlKeyword keyword)
    {
        while (!AtEnd && !IsSymbol(';') && !Is(keyword))
        {
            Advance();
        }
    }

    /// <summary>
    /// The rest of a CREATE, ALTER or DROP: the tables that REFERENCES names (a foreign key couples two tables), and
    /// the query of CREATE TABLE .. AS or CREATE VIEW .. AS. Column types, constraints and options are not read.
    /// </summary>
    private void Definition()
    {
        while (!AtEnd && !IsSymbol(';'))
        {
            var token = Peek();
            if (token.IsSymbol(_text, '('))
            {
                Advance();
                Definition();
                Expect(')');
            }
            else if (token.IsSymbol(_text, ')'))
            {
                return;
            }
            else if (Accept(SqlKeyword.References) || IsLikeTable())
            {
                Target();
            }
            else if (token.Is(SqlKeyword.As) && (Is(SqlKeyword.Select, 1) || Is(SqlKeyword.With, 1) || Is(SqlKeyword.Values, 1) || IsSymbol('(', 1)))
            {
                Advance();
                Query();
            }
            else if (token.Kind == SqlTokenKind.Word && SqlKeywords.StartsStatement(token.Keyword) && !InReferentialAction())
            {
                return; // the next statement, in T-SQL without a semicolon
            }
            else
            {
                Advance();
            }
        }
    }

    /// <summary>ON DELETE SET NULL, ON UPDATE CASCADE, ON COMMIT DELETE ROWS: statement words that belong to the definition.</summary>
    private bool InReferentialAction()
    {
        var before = _i > 0 ? _tokens[_i - 1] : End;
        return before.Is(SqlKeyword.On) || before.Is(SqlKeyword.Delete) || before.Is(SqlKeyword.Update) || before.Is(SqlKeyword.Commit);
    }

    /// <summary>PostgreSQL's CREATE TABLE t (LIKE other INCLUDING ..): the table copied from; the LIKE is stepped over.</summary>
    private bool IsLikeTable()
    {
        var token = Peek();
        if (token.Kind != SqlTokenKind.Word || !_text.AsSpan(token.Start, token.Length).Equals("LIKE", StringComparison.OrdinalIgnoreCase)
            || _i == 0 || !_tokens[_i - 1].IsSymbol(_text, '('))
        {
            return false;
        }

        Advance();
        return true;
    }

    /// <summary>
    /// A statement of a script that names no table itself (SET, DECLARE, BEGIN, IF, EXEC, ..): stepped over up to the
    /// next statement, reading the subqueries in it (IF EXISTS (SELECT ..)).
    /// </summary>
    private void ScriptStatement()
    {
        Advance();
        while (!AtEnd && !IsSymbol(';'))
        {
            var token = Peek();
            if (token.IsSymbol(_text, '('))
            {
                Parenthesized();
            }
            else if (token.Is(SqlKeyword.Case))
            {
                Case();
            }
            else if (token.Kind == SqlTokenKind.Word && SqlKeywords.StartsStatement(token.Keyword) && !IsFunctionCall(token))
            {
                return;
            }
            else
            {
                Advance();
            }
        }
    }

    /// <summary>
    /// Steps over an expression, or a list of them, up to the clause that ends it. Parentheses are stepped over
    /// whole (FROM inside EXTRACT(YEAR FROM x) is the function's), reading any subquery within.
    /// </summary>
    private void Expression(bool commas)
    {
        while (!AtEnd)
        {
            var token = Peek();
            if (token.Kind == SqlTokenKind.Symbol && token.Length == 1)
            {
                switch (_text[token.Start])
                {
                    case ')' or ';':
                        return;
                    case ',' when !commas:
                        return;
                    case '(':
                        Parenthesized();
                        continue;
                }
            }
            else if (token.Kind == SqlTokenKind.Word && token.Keyword != SqlKeyword.None)
            {
                if (token.Keyword == SqlKeyword.Case)
                {
                    Case();
                    continue;
                }

                if (EndsExpression(token))
                {
                    return;
                }
            }

            Advance();
        }
    }

    private bool EndsExpression(SqlToken token) => token.Keyword switch
    {
        SqlKeyword.Left or SqlKeyword.Right or SqlKeyword.Replace or SqlKeyword.If or SqlKeyword.Values or SqlKeyword.Insert => !IsFunctionCall(token),
        SqlKeyword.Full or SqlKeyword.Inner or SqlKeyword.Cross or SqlKeyword.Natural or SqlKeyword.Outer => IsJoin(),
        SqlKeyword.From or SqlKeyword.Where or SqlKeyword.Group or SqlKeyword.Having or SqlKeyword.Order or SqlKeyword.Limit
            or SqlKeyword.Offset or SqlKeyword.Fetch or SqlKeyword.Union or SqlKeyword.Except or SqlKeyword.Intersect
            or SqlKeyword.Window or SqlKeyword.Qualify or SqlKeyword.For or SqlKeyword.Option or SqlKeyword.Into or SqlKeyword.Join
            or SqlKeyword.On or SqlKeyword.Using or SqlKeyword.Returning or SqlKeyword.Output or SqlKeyword.When or SqlKeyword.Then
            or SqlKeyword.Do => true,
        var keyword => SqlKeywords.StartsStatement(keyword),
    };

    /// <summary>LEFT(x, 3), REPLACE(..), IF(..): a function that shares its name with a keyword (the token at hand).</summary>
    private bool IsFunctionCall(SqlToken token) =>
        token.Keyword is SqlKeyword.Left or SqlKeyword.Right or SqlKeyword.Replace or SqlKeyword.If or SqlKeyword.Values or SqlKeyword.Insert
        && Peek(1).IsSymbol(_text, '(');

    /// <summary>CASE .. END, nested or not; WHEN, THEN and ELSE inside are the expression's own.</summary>
    private void Case()
    {
        var depth = 0;
        do
        {
            if (AtEnd)
            {
                Fail();
                return;
            }

            if (IsSymbol('('))
            {
                Parenthesized();
                continue;
            }

            if (Is(SqlKeyword.Case))
            {
                depth++;
            }
            else if (Is(SqlKeyword.End))
            {
                depth--;
            }

            Advance();
        }
        while (depth > 0);
    }

    /// <summary>(..): a subquery or statement, read as one; anything else stepped over to the matching parenthesis.</summary>
    private void Parenthesized()
    {
        Expect('(');
        if (StartsInnerStatement())
        {
            InnerStatement();
            Expect(')');
            return;
        }

        while (!Accept(')'))
        {
            if (AtEnd)
            {
                Fail(); // left open: a fragment
                return;
            }

            if (IsSymbol('('))
            {
                Parenthesized();
            }
            else
            {
                Advance();
            }
        }
    }

    private List<TableName> Tables()
    {
        var tables = new List<TableName>(_references.Count);
        foreach (var reference in _references)
        {
            if (reference.Schema is null && (_madeHere.Contains(reference.Table) || (reference.MaybeAlias && IsAlias(reference))))
            {
                continue;
            }

            if (ReportedTables.From(reference.Schema, reference.Table) is { } table && !tables.Contains(table))
            {
                tables.Add(table);
            }
        }

        return tables;
    }

    private bool IsAlias(Reference reference)
    {
        foreach (var alias in _aliases)
        {
            if (alias.Statement == reference.Statement && string.Equals(alias.Table, reference.Table, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
