extern alias catalog;

using Estate.Testing;

namespace Inventory.Service.Tests.Infrastructure;

/// <summary>The monolith with both extracted services, catalog-service and inventory-service.</summary>
public sealed class ShopEstate() : Estate.Testing.Estate(
    EstateService.For<catalog::Program>("catalog", "catalog-service"),
    EstateService.For<Program>("inventory", "inventory-service"));
