namespace Migration.Analysis;

/// <summary>An analysis that cannot run as asked; the message is one line an operator can act on.</summary>
public sealed class AnalysisException(string message) : Exception(message);
