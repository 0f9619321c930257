using StranglerProxy.Plan;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddStranglerProxy();

var app = builder.Build();

app.UseServiceDefaults();
try
{
    app.MapStranglerProxy();
}
catch (InvalidPlanException invalid)
{
    // A plan that cannot serve stops the proxy before it listens: file, JSON path and reason, no stack trace.
    Console.Error.WriteLine(invalid.Message);
    return 2;
}

await app.RunAsync();
return 0;
