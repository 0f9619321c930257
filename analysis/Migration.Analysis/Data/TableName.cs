namespace Migration.Analysis.Data;

/// <summary>A table as the database names it; the schema is empty where the provider has none.</summary>
public sealed record TableName(string Schema, string Table) : IComparable<TableName>
{
    public int CompareTo(TableName? other) =>
        other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    public override string ToString() => Schema.Length == 0 ? Table : $"{Schema}.{Table}";
}

/// <summary>A module's code using a table, mapped by one of its DbContexts or named in SQL text.</summary>
public sealed record TableUse(string Module, TableName Table, TableUseKind Kind, string Where);

public enum TableUseKind
{
    /// <summary>An entity of the module's DbContext maps the table.</summary>
    Mapped,

    /// <summary>A string literal in the module's code names the table in SQL.</summary>
    Sql,
}
