using Xunit;

namespace Testing.Support;

/// <summary>Asserts eventual consistency by polling until a condition holds or a timeout passes.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<T> MatchAsync<T>(
        Func<Task<T>> probe, Func<T, bool> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout ?? DefaultTimeout} waiting until {because}; last value: {value}");
            }

            await Task.Delay(delay, TestContext.Current.CancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }
}
