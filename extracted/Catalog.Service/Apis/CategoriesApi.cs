using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Apis;
using Catalog.Service.Domain;
using Catalog.Service.Persistence;

namespace Catalog.Service.Apis;

internal static class CategoriesApi
{
    public static RouteGroupBuilder MapCategoriesApi(this RouteGroupBuilder catalog)
    {
        var categories = catalog.MapGroup("/categories").WithTags("Catalog");
        categories.MapGet("/", ListCategories);
        categories.MapGet("/{id:guid}", GetCategory).WithName("GetCategory");
        categories.MapPost("/", CreateCategory);
        return catalog;
    }

    public static async Task<Results<Ok<PagedList<CategoryResponse>>, ValidationProblem>> ListCategories(
        [AsParameters] PageQuery paging, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var validator = paging.Validate(new RequestValidator());
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        return TypedResults.Ok(await db.Categories.AsNoTracking()
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new CategoryResponse(c.Id, c.Name, c.Description))
            .ToPagedListAsync(paging, cancellationToken));
    }

    public static async Task<Results<Ok<CategoryResponse>, NotFound>> GetCategory(
        Guid id, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return category is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new CategoryResponse(category.Id, category.Name, category.Description));
    }

    public static async Task<Results<CreatedAtRoute<CategoryResponse>, ValidationProblem, ProblemHttpResult>> CreateCategory(
        CreateCategoryRequest request, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator()
            .Required("name", request.Name, Category.NameMaxLength)
            .Optional("description", request.Description, Category.DescriptionMaxLength);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var name = request.Name!.Trim();
        if (await db.Categories.AnyAsync(c => c.Name == name, cancellationToken))
        {
            return TypedResults.Problem($"A category named '{name}' already exists.", statusCode: StatusCodes.Status409Conflict);
        }

        var category = new Category(Guid.CreateVersion7(), name, request.Description);
        db.Categories.Add(category);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.CreatedAtRoute(
            new CategoryResponse(category.Id, category.Name, category.Description), "GetCategory", new { id = category.Id });
    }
}
