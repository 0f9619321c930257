using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Apis;
using Shop.Modules.Catalog.Contracts;
using Catalog.Service.Domain;
using Catalog.Service.Persistence;

namespace Catalog.Service.Apis;

internal static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this RouteGroupBuilder catalog)
    {
        var products = catalog.MapGroup("/products").WithTags("Catalog");
        products.MapGet("/", ListProducts);
        products.MapGet("/{id:guid}", GetProduct).WithName("GetProduct");
        products.MapPost("/", CreateProduct);
        products.MapPut("/{id:guid}", UpdateProduct);
        products.MapPut("/{id:guid}/price", ChangePrice);
        products.MapGet("/{id:guid}/prices", ListPriceChanges);
        return catalog;
    }

    public static async Task<Results<Ok<PagedList<ProductResponse>>, ValidationProblem>> ListProducts(
        [AsParameters] PageQuery paging, [AsParameters] ProductFilter filter, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var validator = paging.Validate(new RequestValidator()).Filter(filter);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var products = db.Products.AsNoTracking();
        if (filter.CategoryId is { } categoryId)
        {
            products = products.Where(p => p.CategoryId == categoryId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim().ToLowerInvariant();
            products = products.Where(p => p.Name.ToLower().Contains(search) || p.Sku.ToLower().Contains(search));
        }

        if (filter.MinPrice is { } min)
        {
            products = products.Where(p => p.Price >= min);
        }

        if (filter.MaxPrice is { } max)
        {
            products = products.Where(p => p.Price <= max);
        }

        if (filter.Active is { } active)
        {
            products = products.Where(p => p.IsActive == active);
        }

        return TypedResults.Ok(await products
            .OrderBy(p => p.Sku)
            .Select(p => new ProductResponse(
                p.Id, p.Sku, p.Name, p.Description, p.CategoryId, p.Price, p.Currency, p.IsActive, p.UpdatedAt, p.Version))
            .ToPagedListAsync(paging, cancellationToken));
    }

    public static async Task<Results<Ok<ProductResponse>, NotFound>> GetProduct(
        Guid id, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return product is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(product));
    }

    public static async Task<Results<CreatedAtRoute<ProductResponse>, ValidationProblem, ProblemHttpResult>> CreateProduct(
        CreateProductRequest request, CatalogDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator()
            .Required("sku", request.Sku, Product.SkuMaxLength)
            .Required("name", request.Name, Product.NameMaxLength)
            .Optional("description", request.Description, Product.DescriptionMaxLength)
            .Required("categoryId", request.CategoryId)
            .Price("price", request.Price)
            .Currency("currency", request.Currency ?? "EUR");
        if (validator.IsValid && !await db.Categories.AnyAsync(c => c.Id == request.CategoryId, cancellationToken))
        {
            validator.Add("categoryId", $"Category '{request.CategoryId}' does not exist.");
        }

        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var sku = request.Sku!.Trim();
        if (await db.Products.AnyAsync(p => p.Sku == sku, cancellationToken))
        {
            return TypedResults.Problem($"A product with SKU '{sku}' already exists.", statusCode: StatusCodes.Status409Conflict);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var product = new Product(
            Guid.CreateVersion7(now), sku, request.Name!.Trim(), request.Description, request.CategoryId, request.Price,
            request.Currency ?? "EUR", now);
        db.Products.Add(product);
        db.Publish(new ProductCreated(product.Id, product.Sku, product.Name, product.Price, product.Currency), time);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.CreatedAtRoute(ToResponse(product), "GetProduct", new { id = product.Id });
    }

    public static async Task<Results<Ok<ProductResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateProduct(
        Guid id, UpdateProductRequest request, CatalogDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator()
            .Required("name", request.Name, Product.NameMaxLength)
            .Optional("description", request.Description, Product.DescriptionMaxLength)
            .Required("categoryId", request.CategoryId)
            .Range("version", request.Version, 0, int.MaxValue);
        if (validator.IsValid && !await db.Categories.AnyAsync(c => c.Id == request.CategoryId, cancellationToken))
        {
            validator.Add("categoryId", $"Category '{request.CategoryId}' does not exist.");
        }

        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return TypedResults.NotFound();
        }

        if (Concurrency.CheckVersion(db.Entry(product), request.Version) is { } conflict)
        {
            return conflict;
        }

        product.Update(request.Name!.Trim(), request.Description, request.CategoryId, request.IsActive, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(product));
    }

    public static async Task<Results<Ok<ProductResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ChangePrice(
        Guid id, ChangePriceRequest request, CatalogDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator()
            .Price("price", request.Price)
            .Range("version", request.Version, 0, int.MaxValue);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var product = await db.Products.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (product is null)
        {
            return TypedResults.NotFound();
        }

        if (Concurrency.CheckVersion(db.Entry(product), request.Version) is { } conflict)
        {
            return conflict;
        }

        var oldPrice = product.Price;
        var now = time.GetUtcNow().UtcDateTime;
        if (product.ChangePrice(request.Price, now) is { } change)
        {
            db.PriceChanges.Add(change);
            db.Publish(new ProductPriceChanged(product.Id, oldPrice, product.Price, product.Currency, now), time);
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(ToResponse(product));
    }

    public static async Task<Results<Ok<PagedList<PriceChangeResponse>>, NotFound, ValidationProblem>> ListPriceChanges(
        Guid id, [AsParameters] PageQuery paging, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var validator = paging.Validate(new RequestValidator());
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        if (!await db.Products.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await db.PriceChanges.AsNoTracking()
            .Where(c => c.ProductId == id)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
            .Select(c => new PriceChangeResponse(c.OldPrice, c.NewPrice, c.ChangedAt))
            .ToPagedListAsync(paging, cancellationToken));
    }

    private static ProductResponse ToResponse(Product p) =>
        new(p.Id, p.Sku, p.Name, p.Description, p.CategoryId, p.Price, p.Currency, p.IsActive, p.UpdatedAt, p.Version);
}
