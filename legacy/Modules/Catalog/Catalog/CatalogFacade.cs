using Microsoft.EntityFrameworkCore;
using Shop.Modules.Catalog.Pricing;
using Shop.Modules.Catalog.Contracts;
using Shop.Modules.Catalog.Persistence;

namespace Shop.Modules.Catalog;

internal sealed class CatalogFacade(CatalogDbContext db) : ICatalogFacade
{
    public async Task<IReadOnlyList<ProductPrice>> GetProductPricesAsync(
        IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        ProductPriceQuery.Check(productIds);
        return await db.Products.AsNoTracking()
            .Where(p => productIds.Contains(p.Id))
            .OrderBy(p => p.Sku)
            .Select(p => new ProductPrice(p.Id, p.Sku, p.Name, p.Price, p.Currency, p.IsActive, TaxPolicy.VatRate(p.Currency)))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> ListProductIdsAsync(CancellationToken cancellationToken) =>
        await db.Products.AsNoTracking().OrderBy(p => p.Sku).Select(p => p.Id).ToListAsync(cancellationToken);
}
