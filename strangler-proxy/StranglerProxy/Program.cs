using StranglerProxy.Plan;

// The slim host: a front door needs Kestrel, configuration and console logs, not the rest of the
// full host's defaults. HTTPS endpoints and regex route constraints are added back explicitly.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration();
builder.Services.AddRouting();

builder.AddServiceDefaults();
WebApplication app;
try
{
    builder.AddStranglerProxy();
    app = builder.Build();
    app.UseServiceDefaults();
    app.MapStranglerProxy();
}
catch (InvalidPlanException invalid)
{
    // A plan (or plan store) that cannot serve stops the proxy before it listens: where, which setting or JSON path, and why; no stack trace.
    Console.Error.WriteLine(invalid.Message);
    return 2;
}

await app.RunAsync();
return 0;
