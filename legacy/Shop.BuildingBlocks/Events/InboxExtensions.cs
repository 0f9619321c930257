using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Persistence;

namespace Shop.BuildingBlocks.Events;

public static class InboxExtensions
{
    /// <summary>
    /// Applies a handler's change once per message: <paramref name="apply"/> stages changes on
    /// <paramref name="db"/> (it must not save), and they are saved together with the inbox row.
    /// Returns false when the message had already been handled.
    /// </summary>
    public static async Task<bool> ProcessOnceAsync(
        this ModuleDbContext db,
        IntegrationEventContext context,
        string handler,
        Func<CancellationToken, Task> apply,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var seen = await db.InboxMessages.AnyAsync(
            m => m.MessageId == context.MessageId && m.Handler == handler, cancellationToken);
        if (seen)
        {
            return false;
        }

        await apply(cancellationToken);
        db.InboxMessages.Add(InboxMessage.Create(context.MessageId, handler, time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
