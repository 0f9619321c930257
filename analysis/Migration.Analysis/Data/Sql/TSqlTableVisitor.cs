using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Migration.Analysis.Data.Sql;

/// <summary>
/// Collects the table names of one T-SQL statement: table references (FROM, JOIN, and the targets of INSERT,
/// UPDATE, DELETE, MERGE and OUTPUT INTO, which ScriptDom gives as table references too), SELECT INTO, CREATE, ALTER,
/// DROP and TRUNCATE TABLE, CREATE INDEX and TRIGGER, and REFERENCES. Common table expressions are not tables;
/// nor is a target that names an alias of the statement (UPDATE t SET .. FROM orders t).
/// </summary>
internal sealed class TSqlTableVisitor : TSqlFragmentVisitor
{
    private readonly List<(SchemaObjectName Name, bool MaybeAlias)> _names = [];
    private readonly HashSet<string> _aliases = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _commonTables = new(StringComparer.OrdinalIgnoreCase);

    public List<TableName> Tables()
    {
        var tables = new List<TableName>(_names.Count);
        foreach (var (name, maybeAlias) in _names)
        {
            var schema = name.SchemaIdentifier?.Value;
            var table = name.BaseIdentifier.Value;
            if (schema is null && (_commonTables.Contains(table) || (maybeAlias && _aliases.Contains(table))))
            {
                continue;
            }

            if (ReportedTables.From(schema, table) is { } reported && !tables.Contains(reported))
            {
                tables.Add(reported);
            }
        }

        return tables;
    }

    public override void Visit(NamedTableReference node) => _names.Add((node.SchemaObject, node.Alias is null));

    public override void Visit(TableReferenceWithAlias node)
    {
        if (node.Alias is { } alias)
        {
            _aliases.Add(alias.Value);
        }
    }

    public override void Visit(CommonTableExpression node) => _commonTables.Add(node.ExpressionName.Value);

    public override void Visit(SelectStatement node)
    {
        if (node.Into is { } into)
        {
            Add(into);
        }
    }

    public override void Visit(CreateTableStatement node) => Add(node.SchemaObjectName);

    public override void Visit(AlterTableStatement node) => Add(node.SchemaObjectName);

    public override void Visit(DropTableStatement node)
    {
        foreach (var name in node.Objects)
        {
            Add(name);
        }
    }

    public override void Visit(TruncateTableStatement node) => Add(node.TableName);

    public override void Visit(ForeignKeyConstraintDefinition node) => Add(node.ReferenceTableName);

    public override void Visit(CreateIndexStatement node) => Add(node.OnName);

    public override void Visit(TriggerObject node)
    {
        if (node.TriggerScope == TriggerScope.Normal)
        {
            Add(node.Name);
        }
    }

    private void Add(SchemaObjectName? name)
    {
        if (name?.BaseIdentifier is not null)
        {
            _names.Add((name, false));
        }
    }
}
