var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddModuleDatabase(connectionName: "shop");
builder.AddCatalogModule();
// Catalog is on its way out: its changes are logged for DataSync to carry to catalog-service.
builder.CaptureChanges("catalog");
builder.AddInventoryModule();
builder.AddCustomersModule();
builder.AddOrderingModule();

var app = builder.Build();

app.UseServiceDefaults();
app.MapCatalogEndpoints();
app.MapInventoryEndpoints();
app.MapCustomersEndpoints();
app.MapOrderingEndpoints();

await app.InitializeModulesAsync();
await app.RunAsync();
