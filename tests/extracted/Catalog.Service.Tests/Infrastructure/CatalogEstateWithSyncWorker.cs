using Estate.Testing;

namespace Catalog.Service.Tests.Infrastructure;

/// <summary>The monolith, catalog-service and catalog-sync as a process of its own (as in the AppHost), so a test can stop the sync.</summary>
public sealed class CatalogEstateWithSyncWorker() : ModuleEstate<Program>("catalog", "catalog-service")
{
    protected override bool SeparateSyncWorkers => true;
}
