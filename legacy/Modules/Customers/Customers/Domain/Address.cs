namespace Shop.Modules.Customers.Domain;

internal sealed class Address(Guid id, Guid customerId, string line1, string? line2, string city, string postalCode, string country, bool isDefault)
{
    public const int LineMaxLength = 200;
    public const int CityMaxLength = 100;
    public const int PostalCodeMaxLength = 20;

    public Guid Id { get; private set; } = id;

    public Guid CustomerId { get; private set; } = customerId;

    public string Line1 { get; private set; } = line1;

    public string? Line2 { get; private set; } = line2;

    public string City { get; private set; } = city;

    public string PostalCode { get; private set; } = postalCode;

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Country { get; private set; } = country;

    public bool IsDefault { get; internal set; } = isDefault;
}
