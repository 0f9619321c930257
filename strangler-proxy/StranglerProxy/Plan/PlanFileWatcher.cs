using Microsoft.Extensions.Options;

namespace StranglerProxy.Plan;

/// <summary>
/// Applies edits of the plan file within a second: file-system events wake it at once, and a cheap
/// poll (a stat, no read while nothing changed) catches what events miss (network and container file systems).
/// </summary>
internal sealed class PlanFileWatcher(PlanStore store, IOptions<PlanOptions> options) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var changed = new SemaphoreSlim(0, 1);
        void Signal(object sender, FileSystemEventArgs e)
        {
            if (changed.CurrentCount == 0)
            {
                try
                {
                    changed.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Already signalled.
                }
            }
        }

        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(store.FilePath)!, Path.GetFileName(store.FilePath))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += Signal;
        watcher.Created += Signal;
        watcher.Renamed += Signal;
        watcher.EnableRaisingEvents = true;

        while (!stoppingToken.IsCancellationRequested)
        {
            var signalled = await changed.WaitAsync(options.Value.PollInterval, stoppingToken);
            if (signalled)
            {
                // Editors write in several steps; read once they are done.
                await Task.Delay(Debounce, stoppingToken);
            }

            store.Reload(force: signalled);
        }
    }
}
