using Microsoft.EntityFrameworkCore;

namespace Shop.BuildingBlocks.Persistence;

public static class TransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a database transaction that commits when it returns, under the
    /// provider's execution strategy (SQL Server retries transient failures, re-running the whole unit
    /// from a clean change tracker). Use it for changes that must be all-or-nothing across several
    /// statements, such as set-based updates together with tracked changes.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(
        this DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(
            (db, work),
            static async (_, state, ct) =>
            {
                state.db.ChangeTracker.Clear();
                await using var transaction = await state.db.Database.BeginTransactionAsync(ct);
                var result = await state.work(ct);
                await state.db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return result;
            },
            verifySucceeded: null,
            cancellationToken);

    /// <inheritdoc cref="InTransactionAsync{T}"/>
    public static Task InTransactionAsync(this DbContext db, Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async ct =>
        {
            await work(ct);
            return true;
        }, cancellationToken);
}
