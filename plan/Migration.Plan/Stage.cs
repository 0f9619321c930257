namespace Plan;

/// <summary>Where a module is on its way out of the monolith, in order.</summary>
public enum Stage
{
    /// <summary>The monolith serves everything.</summary>
    Legacy,

    /// <summary>The monolith serves; the extracted service gets a mirrored copy of safe requests, and the answers are compared.</summary>
    Shadow,

    /// <summary>A sticky share of keys reads from the extracted service; writes stay with the monolith, the data owner.</summary>
    Canary,

    /// <summary>The extracted service serves and owns the data.</summary>
    Extracted,

    /// <summary>The extracted service serves; the monolith's code of the module may go.</summary>
    Retired,
}

public static class StageNames
{
    public static string ToPlanName(this Stage stage) => stage switch
    {
        Stage.Legacy => "legacy",
        Stage.Shadow => "shadow",
        Stage.Canary => "canary",
        Stage.Extracted => "extracted",
        Stage.Retired => "retired",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    public static bool TryParse(string? text, out Stage stage)
    {
        foreach (var candidate in Enum.GetValues<Stage>())
        {
            if (string.Equals(text, candidate.ToPlanName(), StringComparison.Ordinal))
            {
                stage = candidate;
                return true;
            }
        }

        stage = default;
        return false;
    }

    public static string All => string.Join(", ", Enum.GetValues<Stage>().Select(s => s.ToPlanName()));
}

/// <summary>What a stage change means, for whoever applies or checks it (the proxy's admin API, the CLI).</summary>
public static class StageChanges
{
    /// <summary>From legacy or shadow to canary or beyond: the promotion gate must have seen enough matching comparisons.</summary>
    public static bool PassesThePromotionGate(this ModulePlan module, Stage to) => module.Stage < Stage.Canary && to >= Stage.Canary;

    /// <summary>
    /// The data owner differs on both sides of the change (either direction): the move must be fenced.
    /// Only a module with tables has data to move.
    /// </summary>
    public static bool MovesTheDataOwner(this ModulePlan module, Stage to) =>
        module.Tables.Any && DataOwnership.OwnerAt(module.Stage) != DataOwnership.OwnerAt(to);
}
