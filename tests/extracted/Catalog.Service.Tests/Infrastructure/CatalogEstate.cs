using Estate.Testing;

namespace Catalog.Service.Tests.Infrastructure;

/// <summary>The monolith and catalog-service, with the catalog's backfill complete. One per test class.</summary>
public sealed class CatalogEstate() : ModuleEstate<Program>("catalog", "catalog-service");
