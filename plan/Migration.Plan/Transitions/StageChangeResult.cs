namespace Plan.Transitions;

public enum StageChangeOutcome
{
    /// <summary>The plan was written, is in force, and the audit trail has the entry.</summary>
    Applied,

    /// <summary>The plan has no such module.</summary>
    UnknownModule,

    /// <summary>The plan would be invalid after the change (see the errors); nothing was written.</summary>
    Invalid,

    /// <summary>The estate's state refuses the change (the promotion gate, or a fence that could not drain); nothing moved.</summary>
    Refused,

    /// <summary>The plan changed since it was read (another writer, an editor's save); nothing was written over it.</summary>
    Conflict,

    /// <summary>The plan cannot be written from here (a read-only mount); nothing changed.</summary>
    Unwritable,
}

/// <summary>What became of a stage change: the module before and after, and why when it did not apply.</summary>
public sealed record StageChangeResult(StageChangeOutcome Outcome, ModulePlan? Before, ModulePlan? After, string? Reason, IReadOnlyList<PlanError> Errors)
{
    /// <summary>Set when a refusal may be overridden (the promotion gate): what to send to go ahead anyway.</summary>
    public string? Override { get; init; }

    public bool Applied => Outcome == StageChangeOutcome.Applied;

    public static StageChangeResult Unknown(string module) =>
        new(StageChangeOutcome.UnknownModule, null, null, $"The plan has no module '{module}'.", []);

    public static StageChangeResult Refused(ModulePlan before, string reason) => new(StageChangeOutcome.Refused, before, null, reason, []);
}
