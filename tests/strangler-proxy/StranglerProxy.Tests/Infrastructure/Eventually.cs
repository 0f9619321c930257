namespace StranglerProxy.Tests.Infrastructure;

/// <summary>Polls until a condition holds or a timeout passes; never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string because, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {limit} waiting until {because}; last value: {value}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
