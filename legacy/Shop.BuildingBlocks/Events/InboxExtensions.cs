using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Persistence;

namespace Shop.BuildingBlocks.Events;

public static class InboxExtensions
{
    /// <summary>
    /// Applies a handler's change once per message. <paramref name="apply"/> stages changes on
    /// <paramref name="db"/> or runs set-based updates (it must not save); they commit in one
    /// transaction with the inbox row. Returns false when the message had already been handled.
    /// </summary>
    public static Task<bool> ProcessOnceAsync(
        this ModuleDbContext db,
        IntegrationEventContext context,
        string handler,
        Func<CancellationToken, Task> apply,
        TimeProvider time,
        CancellationToken cancellationToken) =>
        db.InTransactionAsync(async ct =>
        {
            if (await db.InboxMessages.AnyAsync(m => m.MessageId == context.MessageId && m.Handler == handler, ct))
            {
                return false;
            }

            await apply(ct);
            db.InboxMessages.Add(InboxMessage.Create(context.MessageId, handler, time.GetUtcNow().UtcDateTime));
            return true;
        }, cancellationToken);
}
