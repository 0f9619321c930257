using DataSync.ChangeLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DataSync.Schema;

/// <summary>
/// The tables of a module, read from the EF Core model of its DbContext as one side's provider maps
/// them, in an order where every table comes after the tables its foreign keys point to.
/// </summary>
public static class SyncSchema
{
    /// <summary>Tables every module has that are plumbing, not data: they are never synced.</summary>
    public static IReadOnlyList<SyncTable> Read(DbContext context, Func<string, bool>? include = null)
    {
        // The design-time model: the read-optimised runtime model leaves out some of the mapping read here.
        var entities = context.GetService<IDesignTimeModel>().Model.GetEntityTypes()
            .Where(e => e.GetTableName() is { } table && e.FindOwnership() is null && !e.IsTableExcludedFromMigrations()
                && !PlumbingTables.Contains(table) && (include?.Invoke(table) ?? true))
            .ToList();

        return [.. TopologicalOrder(entities).Select(Table)];
    }

    private static SyncTable Table(IEntityType entity)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey() ?? throw new InvalidOperationException($"{entity.DisplayName()} has no primary key; it cannot be synced.");
        var columns = entity.GetProperties()
            .Where(p => p.GetColumnName(table) is not null)
            .OrderBy(p => key.Properties.Contains(p) ? key.Properties.ToList().IndexOf(p) : int.MaxValue)
            .ThenBy(p => p.GetColumnName(table), StringComparer.Ordinal)
            .Select(p => new SyncColumn(p.GetColumnName(table)!, p.ClrType, p.GetRelationalTypeMapping(), key.Properties.Contains(p)))
            .ToList();
        return new SyncTable(entity.ClrType.Name, entity.GetSchema(), entity.GetTableName()!, columns);
    }

    /// <summary>Parents before children, so that inserts never break a foreign key; ties by name.</summary>
    private static IEnumerable<IEntityType> TopologicalOrder(List<IEntityType> entities)
    {
        var remaining = entities.OrderBy(e => e.GetTableName(), StringComparer.Ordinal).ToList();
        var done = new HashSet<IEntityType>();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(e => e.GetForeignKeys()
                .All(fk => fk.PrincipalEntityType == e || done.Contains(fk.PrincipalEntityType) || !entities.Contains(fk.PrincipalEntityType)))
                ?? throw new InvalidOperationException($"Foreign keys form a cycle among {string.Join(", ", remaining.Select(e => e.GetTableName()))}.");
            done.Add(next);
            remaining.Remove(next);
            yield return next;
        }
    }
}
