using Estate.Testing;

namespace Inventory.Service.Tests.Infrastructure;

/// <summary>The monolith and inventory-service, with the inventory's backfill complete. One per test class.</summary>
public sealed class InventoryEstate() : ModuleEstate<Program>("inventory", "inventory-service");
