using DataSync.Changes;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class ChangeCaptureExtensions
{
    /// <summary>
    /// Logs the changes a module's DbContext saves, in the same transaction, for DataSync to apply on the
    /// other side. The module's registration picks up interceptors keyed by its schema.
    /// </summary>
    public static IHostApplicationBuilder CaptureChanges(this IHostApplicationBuilder builder, string module)
    {
        builder.Services.AddKeyedSingleton<EntityFrameworkCore.Diagnostics.IInterceptor>(module, new ChangeCaptureInterceptor(module));
        return builder;
    }
}
