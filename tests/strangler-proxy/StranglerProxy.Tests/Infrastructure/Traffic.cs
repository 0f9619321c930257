namespace StranglerProxy.Tests.Infrastructure;

/// <summary>
/// Requests through the proxy in the background, as many users in turn (so a canary splits them), paced
/// so that every few moments see some, until stopped.
/// </summary>
public sealed class Traffic : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private Traffic(HttpClient client, string path)
    {
        _running = Task.Run(async () =>
        {
            for (var user = 0; !_stop.IsCancellationRequested; user = (user + 1) % 100)
            {
                await client.GetAsUserAsync(path, $"user-{user}");
                await Task.Delay(20, CancellationToken.None);
            }
        });
    }

    public static Traffic Start(HttpClient client, string path) => new(client, path);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
