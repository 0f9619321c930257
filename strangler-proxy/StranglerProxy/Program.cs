var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddStranglerProxy();

var app = builder.Build();

app.UseServiceDefaults();
app.MapStranglerProxy();

app.Run();
