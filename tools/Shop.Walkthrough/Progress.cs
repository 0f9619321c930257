using System.Diagnostics;
using System.Globalization;

namespace Shop.Walkthrough;

/// <summary>Progress of long waits on standard error, so the step table on standard output stays clean.</summary>
internal sealed class Progress(TextWriter writer)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    public void Say(string message) => writer.WriteLine(message);

    /// <summary>Runs <paramref name="work"/>, saying what it waits for, every ten seconds while it lasts and how long it took.</summary>
    public async Task<T> WhileAsync<T>(string what, Func<Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        writer.WriteLine($"  {what}...");
        var task = work();
        while (await Task.WhenAny(task, Task.Delay(Every)) != task)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {clock.Elapsed.TotalSeconds:0} s"));
        }

        var result = await task;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: done in {clock.Elapsed.TotalSeconds:0.0} s"));
        return result;
    }

    public Task WhileAsync(string what, Func<Task> work) => WhileAsync(what, async () =>
    {
        await work();
        return true;
    });
}
