namespace Shop.BuildingBlocks.Modules;

/// <summary>Completes once every module's database is created or migrated and seeded.</summary>
public sealed class ModuleInitialization
{
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completed => _completed.Task;

    internal void MarkCompleted() => _completed.TrySetResult();
}
