using System.Net.Mail;
using Shop.BuildingBlocks.Apis;
using Shop.Modules.Customers.Domain;

namespace Shop.Modules.Customers.Apis;

internal static class CustomersValidation
{
    public static RequestValidator Person(this RequestValidator validator, string? email, string? firstName, string? lastName) => validator
        .Required("email", email, Customer.EmailMaxLength)
        .Check(email is null || MailAddress.TryCreate(email, out var parsed) && parsed.Address == email.Trim(), "email",
            "'email' must be a valid e-mail address.")
        .Required("firstName", firstName, Customer.NameMaxLength)
        .Required("lastName", lastName, Customer.NameMaxLength);

    public static RequestValidator Address(this RequestValidator validator, string prefix, AddressRequest address) => validator
        .Required($"{prefix}line1", address.Line1, Domain.Address.LineMaxLength)
        .Optional($"{prefix}line2", address.Line2, Domain.Address.LineMaxLength)
        .Required($"{prefix}city", address.City, Domain.Address.CityMaxLength)
        .Required($"{prefix}postalCode", address.PostalCode, Domain.Address.PostalCodeMaxLength)
        .Check(address.Country is { Length: 2 } country && country.All(char.IsAsciiLetterUpper), $"{prefix}country",
            $"'{prefix}country' must be an ISO 3166-1 alpha-2 code such as NL.");
}
