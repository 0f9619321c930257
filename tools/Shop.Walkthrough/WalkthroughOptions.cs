namespace Shop.Walkthrough;

/// <summary>What the walkthrough migrates, where it writes, and how hard it drives the estate.</summary>
internal sealed record WalkthroughOptions(
    string Output,
    string Plan,
    string Assemblies,
    IReadOnlyList<string> Modules,
    double RequestsPerSecond,
    TimeSpan CanaryObservation,
    TimeSpan StepTimeout);
