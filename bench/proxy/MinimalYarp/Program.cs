// The yardstick: YARP with one catch-all route to the backend and nothing else (no logging, no telemetry).
using Yarp.ReverseProxy.Configuration;

var backend = args.FirstOrDefault(a => a.StartsWith("--backend=", StringComparison.Ordinal))?["--backend=".Length..]
    ?? throw new ArgumentException("Usage: MinimalYarp --backend=http://127.0.0.1:port --urls=http://127.0.0.1:port");
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "backend", Match = new RouteMatch { Path = "/{**catch-all}" } }],
    [new ClusterConfig { ClusterId = "backend", Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = backend } } }]);
var app = builder.Build();
app.MapReverseProxy();
app.Run();
