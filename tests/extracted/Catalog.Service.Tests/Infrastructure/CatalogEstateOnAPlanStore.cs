using Estate.Testing;

namespace Catalog.Service.Tests.Infrastructure;

/// <summary>The monolith and catalog-service following the shared plan store in PostgreSQL, for proxies that share it too.</summary>
public sealed class CatalogEstateOnAPlanStore() : ModuleEstate<Program>("catalog", "catalog-service")
{
    protected override bool OnPlanStore => true;
}
