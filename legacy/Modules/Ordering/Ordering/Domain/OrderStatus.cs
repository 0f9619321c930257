namespace Shop.Modules.Ordering.Domain;

internal enum OrderStatus
{
    Placed,
    Cancelled,
}
