namespace Shop.Modules.Ordering.Legacy;

/// <summary>
/// Known debt (docs/known-debt.md): the order list shows customer names by reading the customers
/// module's table directly instead of asking its facade. Read-only and excluded from migrations, but
/// still a shared table: it blocks extracting either module until it is replaced.
/// </summary>
internal sealed class CustomerRecord
{
    public Guid Id { get; private set; }

    public string FirstName { get; private set; } = "";

    public string LastName { get; private set; } = "";

    public string Email { get; private set; } = "";
}
