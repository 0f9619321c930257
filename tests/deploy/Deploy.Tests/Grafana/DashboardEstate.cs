using Estate.Testing;

namespace Deploy.Tests.Grafana;

/// <summary>
/// The monolith and catalog-service (its own DataSync worker) on Kestrel: the estate whose metrics the Grafana
/// dashboard is checked against. Its tests start proxies in front of it.
/// </summary>
public sealed class DashboardEstate() : ModuleEstate<Program>("catalog", "catalog-service");
