namespace Deploy.Tests.Infrastructure;

/// <summary>Waits on Docker's own view of a container: its image's HEALTHCHECK.</summary>
public static class ContainerHealth
{
    /// <summary>Until the container is running and healthy; fails at once, with its logs, if it stops.</summary>
    public static async Task WaitUntilHealthyAsync(string docker, string name, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var state = (await Tool.RunAsync(docker, ["inspect", "--format", "{{.State.Status}} {{.State.Health.Status}}", name])).Output.Trim();
            if (state == "running healthy")
            {
                return;
            }

            if (!state.StartsWith("running", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                var logs = await Tool.RunAsync(docker, ["logs", "--tail", "80", name]);
                Assert.Fail($"Container {name} is '{state}', not healthy. Its last log lines:\n{logs.Output}\n{logs.Error}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
