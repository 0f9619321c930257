using Microsoft.EntityFrameworkCore;
using Shop.Modules.Inventory.Contracts;
using Shop.Modules.Inventory.Domain;
using Shop.Modules.Inventory.Persistence;

namespace Shop.Modules.Inventory;

internal sealed class InventoryFacade(InventoryDbContext db, TimeProvider time) : IInventoryFacade
{
    // Concurrent orders for the same product race on its stock row's version; the loser re-reads.
    private const int MaxAttempts = 5;

    public async Task<ReservationResult> ReserveAsync(
        Guid orderId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryReserveAsync(orderId, lines, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<ReservationResult> TryReserveAsync(
        Guid orderId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken)
    {
        if (await db.Reservations.AnyAsync(r => r.OrderId == orderId, cancellationToken))
        {
            return ReservationResult.Success;
        }

        var wanted = lines.GroupBy(l => l.ProductId).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var productIds = wanted.Keys.ToList();
        var stock = await db.StockItems.Where(s => productIds.Contains(s.ProductId)).ToDictionaryAsync(s => s.ProductId, cancellationToken);

        var shortages = wanted
            .Select(w => (w.Key, Requested: w.Value, Available: stock.TryGetValue(w.Key, out var item) ? item.Available : 0))
            .Where(w => w.Requested > w.Available)
            .Select(w => new StockShortage(w.Key, w.Requested, w.Available))
            .ToList();
        if (shortages.Count > 0)
        {
            return new ReservationResult(false, shortages);
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (productId, quantity) in wanted)
        {
            stock[productId].Reserve(quantity, now);
            db.Reservations.Add(new Reservation(Guid.CreateVersion7(now), orderId, productId, quantity, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        return ReservationResult.Success;
    }

    public async Task ReleaseAsync(Guid orderId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StageReleaseAsync(db, orderId, time, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Stages the release of an order's active reservations on <paramref name="db"/> without saving.</summary>
    internal static async Task StageReleaseAsync(InventoryDbContext db, Guid orderId, TimeProvider time, CancellationToken cancellationToken)
    {
        var active = await db.Reservations
            .Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Active)
            .ToListAsync(cancellationToken);
        if (active.Count == 0)
        {
            return;
        }

        var productIds = active.Select(r => r.ProductId).ToList();
        var stock = await db.StockItems.Where(s => productIds.Contains(s.ProductId)).ToDictionaryAsync(s => s.ProductId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var reservation in active)
        {
            reservation.Release(now);
            if (stock.TryGetValue(reservation.ProductId, out var item))
            {
                item.Release(reservation.Quantity, now);
            }
        }
    }
}
