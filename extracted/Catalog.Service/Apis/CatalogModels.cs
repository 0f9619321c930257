namespace Catalog.Service.Apis;

internal sealed record CategoryResponse(Guid Id, string Name, string? Description);

internal sealed record CreateCategoryRequest(string? Name, string? Description);

internal sealed record ProductResponse(
    Guid Id, string Sku, string Name, string? Description, Guid CategoryId, decimal Price, string Currency,
    bool IsActive, DateTime UpdatedAt, int Version);

internal sealed record ProductFilter(Guid? CategoryId, string? Search, decimal? MinPrice, decimal? MaxPrice, bool? Active);

internal sealed record CreateProductRequest(string? Sku, string? Name, string? Description, Guid CategoryId, decimal Price, string? Currency);

internal sealed record UpdateProductRequest(string? Name, string? Description, Guid CategoryId, bool IsActive, int Version);

internal sealed record ChangePriceRequest(decimal Price, int Version);

internal sealed record PriceChangeResponse(decimal OldPrice, decimal NewPrice, DateTime ChangedAt);
