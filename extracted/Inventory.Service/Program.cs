var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInventoryService();

var app = builder.Build();

app.UseServiceDefaults();
app.MapInventoryServiceEndpoints();
app.MapDataSync();
app.MapModuleFacades();
app.MapIntegrationEventInbox();

await app.InitializeModulesAsync();
await app.RunAsync();
