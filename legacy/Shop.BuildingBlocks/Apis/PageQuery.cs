using Microsoft.EntityFrameworkCore;

namespace Shop.BuildingBlocks.Apis;

/// <summary>Paging parameters of every list endpoint: <c>?page=1&amp;pageSize=20</c>.</summary>
public sealed record PageQuery(int? Page, int? PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    internal int PageOrDefault => Page ?? 1;

    internal int PageSizeOrDefault => PageSize ?? DefaultPageSize;

    public RequestValidator Validate(RequestValidator validator) => validator
        .Range("page", PageOrDefault, 1, int.MaxValue / MaxPageSize)
        .Range("pageSize", PageSizeOrDefault, 1, MaxPageSize);
}

/// <summary>One page of a list, with what a client needs to fetch the rest.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int TotalPages => (TotalCount + PageSize - 1) / PageSize;
}

public static class PagedListExtensions
{
    /// <summary>Runs a query for one page; the query must already be ordered deterministically.</summary>
    public static async Task<PagedList<T>> ToPagedListAsync<T>(
        this IQueryable<T> query, PageQuery paging, CancellationToken cancellationToken)
    {
        var page = paging.PageOrDefault;
        var size = paging.PageSizeOrDefault;
        var total = await query.CountAsync(cancellationToken);
        var items = await query.Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        return new PagedList<T>(items, page, size, total);
    }
}
