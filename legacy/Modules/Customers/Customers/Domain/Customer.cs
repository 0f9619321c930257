using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Customers.Domain;

internal sealed class Customer : IVersioned
{
    public const int EmailMaxLength = 254;
    public const int NameMaxLength = 100;
    public const int MaxAddresses = 10;

    private readonly List<Address> _addresses = [];

    private Customer()
    {
    }

    public Customer(Guid id, string email, string firstName, string lastName, DateTime now)
    {
        Id = id;
        Email = email;
        FirstName = firstName;
        LastName = lastName;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Email { get; private set; } = "";

    public string FirstName { get; private set; } = "";

    public string LastName { get; private set; } = "";

    public string FullName => $"{FirstName} {LastName}";

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<Address> Addresses => _addresses;

    public void Rename(string email, string firstName, string lastName, DateTime now)
    {
        Email = email;
        FirstName = firstName;
        LastName = lastName;
        UpdatedAt = now;
    }

    /// <summary>Adds an address; the first one, or one asked to be, becomes the default.</summary>
    public Address AddAddress(Guid id, string line1, string? line2, string city, string postalCode, string country, bool makeDefault, DateTime now)
    {
        var isDefault = makeDefault || _addresses.Count == 0;
        if (isDefault)
        {
            foreach (var address in _addresses)
            {
                address.IsDefault = false;
            }
        }

        var added = new Address(id, Id, line1, line2, city, postalCode, country, isDefault);
        _addresses.Add(added);
        UpdatedAt = now;
        return added;
    }
}
