var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddModuleDatabase(connectionName: "shop");
builder.AddCatalogModule();
builder.AddInventoryModule();
builder.AddCustomersModule();
builder.AddOrderingModule();
builder.FollowMigrationPlan();

var app = builder.Build();

app.UseServiceDefaults();
app.MapCatalogEndpoints();
app.MapInventoryEndpoints();
app.MapCustomersEndpoints();
app.MapOrderingEndpoints();
app.MapModuleFacades();
app.MapIntegrationEventInbox();

await app.InitializeModulesAsync();
await app.RunAsync();
