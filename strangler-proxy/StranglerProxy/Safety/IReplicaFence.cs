namespace StranglerProxy.Safety;

/// <summary>
/// The other proxy replicas' part in an owner move: hold the module's writes on every live replica and
/// have each confirm it, before the old owner's log drains; end the hold everywhere when the move is given up.
/// With a plan file there are no others to ask (<see cref="AloneFence"/>).
/// </summary>
internal interface IReplicaFence
{
    /// <summary>Holds the module's writes on every other live replica by <paramref name="deadline"/>, or says why not (then nothing is held).</summary>
    Task<ReplicaHold> HoldEverywhereAsync(ModulePlan module, Stage to, DateTimeOffset deadline, CancellationToken cancellationToken);

    /// <summary>Ends a hold whose move was not written: every replica lets its held writes go on to the old owner.</summary>
    Task AbortAsync(ReplicaHold hold);
}

/// <summary>The fence across replicas (its id ends it in the plan write), or why it could not be raised.</summary>
internal sealed record ReplicaHold(string? Fence, string? Refusal);

/// <summary>One proxy (a plan file): nobody else holds writes, so there is nothing to ask.</summary>
internal sealed class AloneFence : IReplicaFence
{
    private static readonly ReplicaHold Alone = new(null, null);

    public Task<ReplicaHold> HoldEverywhereAsync(ModulePlan module, Stage to, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        Task.FromResult(Alone);

    public Task AbortAsync(ReplicaHold hold) => Task.CompletedTask;
}
