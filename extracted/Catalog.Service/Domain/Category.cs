namespace Catalog.Service.Domain;

internal sealed class Category
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;

    public Category(Guid id, string name, string? description)
    {
        Id = id;
        Name = name;
        Description = description;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }
}
