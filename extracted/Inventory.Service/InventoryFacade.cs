using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Persistence;
using Shop.Modules.Inventory.Contracts;
using Inventory.Service.Domain;
using Inventory.Service.Persistence;

namespace Inventory.Service;

/// <summary>
/// Reservations change stock with guarded set-based updates ("reserved += n where available >= n")
/// inside one transaction, so concurrent orders can never oversell and never lose a race they could
/// have won. Rows are touched in product-id order, so two orders cannot deadlock each other.
/// </summary>
internal sealed class InventoryFacade(InventoryDbContext db, TimeProvider time) : IInventoryFacade
{
    public async Task<ReservationResult> ReserveAsync(
        Guid orderId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken)
    {
        ReservationRequest.Check(orderId, lines);
        var wanted = lines
            .GroupBy(l => l.ProductId)
            .Select(g => (ProductId: g.Key, Quantity: g.Sum(l => l.Quantity)))
            .OrderBy(w => w.ProductId)
            .ToList();

        try
        {
            return await db.InTransactionAsync(ct => ReserveAllAsync(orderId, wanted, ct), cancellationToken);
        }
        catch (ShortageException)
        {
            db.ChangeTracker.Clear();
            return new ReservationResult(false, await ShortagesAsync(wanted, cancellationToken));
        }
    }

    /// <summary>Reserves every line, or throws on the first one that cannot be had so the transaction rolls back.</summary>
    private async Task<ReservationResult> ReserveAllAsync(
        Guid orderId, List<(Guid ProductId, int Quantity)> wanted, CancellationToken cancellationToken)
    {
        if (await db.Reservations.AnyAsync(r => r.OrderId == orderId, cancellationToken))
        {
            return ReservationResult.Success;
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (productId, quantity) in wanted)
        {
            var updated = await db.StockItems
                .Where(s => s.ProductId == productId && s.OnHand - s.Reserved >= quantity)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(s => s.Reserved, s => s.Reserved + quantity)
                    .SetProperty(s => s.UpdatedAt, now)
                    .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
            if (updated == 0)
            {
                throw new ShortageException();
            }

            db.Reservations.Add(new Reservation(Guid.CreateVersion7(now), orderId, productId, quantity, now));
        }

        return ReservationResult.Success;
    }

    private async Task<IReadOnlyList<StockShortage>> ShortagesAsync(
        List<(Guid ProductId, int Quantity)> wanted, CancellationToken cancellationToken)
    {
        var productIds = wanted.Select(w => w.ProductId).ToList();
        var available = await db.StockItems.AsNoTracking()
            .Where(s => productIds.Contains(s.ProductId))
            .ToDictionaryAsync(s => s.ProductId, s => s.OnHand - s.Reserved, cancellationToken);
        return wanted
            .Select(w => new StockShortage(w.ProductId, w.Quantity, available.GetValueOrDefault(w.ProductId)))
            .Where(s => s.Requested > s.Available)
            .ToList();
    }

    public Task ReleaseAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.InTransactionAsync(ct => StageReleaseAsync(db, orderId, time, ct), cancellationToken);

    /// <summary>
    /// Releases an order's active reservations: stock counts are updated set-based right away, the
    /// reservations are marked released on <paramref name="db"/>. Call it inside a transaction.
    /// </summary>
    internal static async Task StageReleaseAsync(InventoryDbContext db, Guid orderId, TimeProvider time, CancellationToken cancellationToken)
    {
        var active = await db.Reservations
            .Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Active)
            .OrderBy(r => r.ProductId)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var reservation in active)
        {
            var quantity = reservation.Quantity;
            await db.StockItems
                .Where(s => s.ProductId == reservation.ProductId)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(s => s.Reserved, s => s.Reserved >= quantity ? s.Reserved - quantity : 0)
                    .SetProperty(s => s.UpdatedAt, now)
                    .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
            reservation.Release(now);
        }
    }

    /// <summary>Aborts the reservation transaction when a line cannot be had.</summary>
    private sealed class ShortageException : Exception;
}
