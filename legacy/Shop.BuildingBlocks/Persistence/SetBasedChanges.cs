using Microsoft.EntityFrameworkCore;

namespace Shop.BuildingBlocks.Persistence;

public static class SetBasedChanges
{
    /// <summary>
    /// Rows changed by a set-based statement (ExecuteUpdate, ExecuteDelete, SQL) are invisible to
    /// SaveChanges and its interceptors, DataSync's change capture among them. Touching them reads their
    /// current values and marks them modified, so the next SaveChanges saves, versions and logs them like
    /// any other change. Call it in the transaction of the statement, before SaveChanges.
    /// </summary>
    public static async Task TouchAsync<T>(this DbContext db, IQueryable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        foreach (var current in await rows.AsNoTracking().ToListAsync(cancellationToken))
        {
            var key = db.Model.FindEntityType(typeof(T))!.FindPrimaryKey()!.Properties
                .Select(p => p.PropertyInfo?.GetValue(current) ?? p.FieldInfo?.GetValue(current)).ToArray();
            if (db.Set<T>().Local.FindEntryUntyped(key!) is { } tracked)
            {
                // Already tracked, perhaps with the values from before the statement: take the current ones.
                tracked.OriginalValues.SetValues(current);
                tracked.CurrentValues.SetValues(current);
                tracked.State = EntityState.Modified;
            }
            else
            {
                db.Attach(current).State = EntityState.Modified;
            }
        }
    }
}
