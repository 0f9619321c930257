namespace Estate.Testing;

/// <summary>The monolith and one module's extracted service (<typeparamref name="TService"/>): an <see cref="Estate"/> of one module.</summary>
public abstract class ModuleEstate<TService>(string module, string service) : Estate(EstateService.For<TService>(module, service))
    where TService : class
{
    public string Module => module;

    public HttpClient Service => ServiceOf(module);

    public Uri ServiceAddress => ServiceAddressOf(module);

    public HttpClient CreateServiceManagementClient() => CreateServiceManagementClient(module);

    public string ServiceDatabase => ServiceDatabaseOf(module);

    public Task SetStageAsync(string stage, double? canaryPercent = null) => SetStageAsync(module, stage, canaryPercent);

    public Task<System.Text.Json.Nodes.JsonObject> StatusAsync() => StatusAsync(module);

    public Task WaitForChangeSyncAsync() => WaitForChangeSyncAsync(module);
}
