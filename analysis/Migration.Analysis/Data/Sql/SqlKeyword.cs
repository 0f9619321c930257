namespace Migration.Analysis.Data.Sql;

/// <summary>The words the statement parser acts on; every other word is <see cref="None"/>, a name.</summary>
internal enum SqlKeyword : byte
{
    None,

    // Statements that read or write data, and data definition.
    Select, Insert, Update, Delete, Merge, With, Values, Create, Alter, Drop, Truncate, Replace,

    // Statements of T-SQL and other scripts, which name no table themselves.
    Set, Declare, Begin, End, If, Else, Commit, Rollback, Exec, Execute, Go, Print, While, Return, Raiserror, Throw, Pragma, Use,

    // Clauses.
    From, Join, Inner, Left, Right, Full, Outer, Cross, Natural, Apply, Semi, Anti, Loop, Hash, Remote, Lateral,
    On, Using, Where, Group, By, Having, Order, Limit, Offset, Fetch, Union, Except, Intersect, Window, Qualify,
    For, Option, Into, Returning, Output, As, Only, Distinct, All, Top, Percent, Ties, Case, When, Then,
    Conflict, Do, Nothing, Default, Or, Ignore, Not, Exists, Matched, Tablesample, Repeatable, Ordinality,
    Duplicate, Key, Recursive, Overriding, And, Null, In, Is,

    // Data definition.
    Temp, Temporary, Unlogged, Global, Local, Table, Index, Unique, Clustered, Nonclustered, Concurrently,
    View, Materialized, Trigger, References, Constraint,
}

internal static class SqlKeywords
{
    // A dictionary whose code the runtime has compiled ahead of time, from the names in declaration order (the
    // values): a frozen dictionary, one over the enum or a span lookup takes longer to build and compile than a run
    // spends looking words up.
    private static readonly Dictionary<string, int> ByName = Names();

    private static Dictionary<string, int> Names()
    {
        var names = Enum.GetNames(typeof(SqlKeyword));
        var byName = new Dictionary<string, int>(names.Length, StringComparer.OrdinalIgnoreCase);
        for (var value = 1; value < names.Length; value++) // past None
        {
            byName[names[value]] = value;
        }

        return byName;
    }

    public static SqlKeyword Of(string word) => ByName.TryGetValue(word, out var keyword) ? (SqlKeyword)keyword : SqlKeyword.None;

    /// <summary>Whether a word cannot name a table or alias without quotes: the words that can are no clause that follows a table reference.</summary>
    public static bool IsReserved(SqlKeyword keyword) => keyword is not (SqlKeyword.None or SqlKeyword.Key or SqlKeyword.Temp
        or SqlKeyword.Temporary or SqlKeyword.Global or SqlKeyword.Local or SqlKeyword.Unlogged or SqlKeyword.Concurrently
        or SqlKeyword.Materialized or SqlKeyword.Matched or SqlKeyword.Nothing or SqlKeyword.Conflict or SqlKeyword.Duplicate
        or SqlKeyword.Ordinality or SqlKeyword.Recursive or SqlKeyword.Ignore or SqlKeyword.Semi or SqlKeyword.Anti
        or SqlKeyword.Loop or SqlKeyword.Hash or SqlKeyword.Remote or SqlKeyword.Percent or SqlKeyword.Ties
        or SqlKeyword.Repeatable or SqlKeyword.Apply or SqlKeyword.Pragma or SqlKeyword.Clustered or SqlKeyword.Nonclustered
        or SqlKeyword.Replace);

    /// <summary>Words that begin a statement: the ones the parser reads, and script statements it steps over.</summary>
    public static bool StartsStatement(SqlKeyword keyword) => IsDataStatement(keyword) || IsScriptStatement(keyword);

    public static bool IsDataStatement(SqlKeyword keyword) => keyword is SqlKeyword.Select or SqlKeyword.Insert or SqlKeyword.Update
        or SqlKeyword.Delete or SqlKeyword.Merge or SqlKeyword.With or SqlKeyword.Values or SqlKeyword.Create or SqlKeyword.Alter
        or SqlKeyword.Drop or SqlKeyword.Truncate or SqlKeyword.Replace;

    public static bool IsScriptStatement(SqlKeyword keyword) => keyword is SqlKeyword.Set or SqlKeyword.Declare or SqlKeyword.Begin
        or SqlKeyword.End or SqlKeyword.If or SqlKeyword.Else or SqlKeyword.Commit or SqlKeyword.Rollback or SqlKeyword.Exec
        or SqlKeyword.Execute or SqlKeyword.Go or SqlKeyword.Print or SqlKeyword.While or SqlKeyword.Return or SqlKeyword.Raiserror
        or SqlKeyword.Throw or SqlKeyword.Pragma or SqlKeyword.Use;
}
