using System.Text;

namespace Plan.Transitions;

/// <summary>
/// A plan file as the transition engine sees it where no proxy follows it (the CLI): read once, then
/// compare-and-swap writes against what was read, so an edit made meanwhile is never overwritten.
/// </summary>
public sealed class PlanFileVersions : IPlanVersions
{
    private readonly PlanParser _parser;
    private readonly IAuditTrail _audit;

    /// <param name="audit">Where applied changes are recorded; by default the audit file beside the plan.</param>
    public PlanFileVersions(string path, ServiceCatalog? services = null, IAuditTrail? audit = null)
    {
        FilePath = Path.GetFullPath(path);
        _audit = audit ?? new AuditFile(AuditFile.BesidePlan(FilePath));
        _parser = new PlanParser(services);
        Current = Read();
    }

    public string FilePath { get; }

    public PlanVersion Current { get; private set; }

    public async Task<PlanWrite> WriteStageAsync(PlanVersion basis, StageWrite write, CancellationToken cancellationToken)
    {
        var (result, written) = await PlanFileStage.SetAsync(FilePath, basis, text => _parser.Parse(text, FilePath), write, _audit, cancellationToken);
        Current = written ?? Current;
        return result;
    }

    private PlanVersion Read()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidPlanException([new PlanError(FilePath, "$", $"Cannot read the plan file: {ex.Message}")]);
        }

        var result = _parser.Parse(Encoding.UTF8.GetString(bytes), FilePath);
        return new PlanVersion(result.Plan ?? throw new InvalidPlanException(result.Errors), PlanEdit.HashOf(bytes));
    }
}
