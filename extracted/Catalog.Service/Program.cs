var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCatalogService();

var app = builder.Build();

app.UseServiceDefaults();
app.MapCatalogServiceEndpoints();
app.MapDataSync();
app.MapModuleFacades();
app.MapIntegrationEventInbox();

await app.InitializeModulesAsync();
await app.RunAsync();
