using Microsoft.EntityFrameworkCore;

namespace Shop.BuildingBlocks.Events;

/// <summary>
/// Records that a handler has applied a message. Delivery is at least once; the inbox row, written in
/// the same transaction as the handler's change, makes the handler take effect exactly once.
/// </summary>
public sealed class InboxMessage
{
    private InboxMessage()
    {
    }

    public Guid MessageId { get; private set; }

    public string Handler { get; private set; } = "";

    public DateTime ProcessedAt { get; private set; }

    internal static InboxMessage Create(Guid messageId, string handler, DateTime now) =>
        new() { MessageId = messageId, Handler = handler, ProcessedAt = now };

    internal static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<InboxMessage>(inbox =>
    {
        inbox.ToTable("inbox_messages");
        inbox.HasKey(m => new { m.MessageId, m.Handler });
        inbox.Property(m => m.Handler).HasMaxLength(300);
    });
}
