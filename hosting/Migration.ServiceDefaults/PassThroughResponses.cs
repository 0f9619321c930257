namespace ServiceDefaults;

/// <summary>
/// Endpoint metadata for endpoints that relay someone else's responses (a reverse proxy): they get
/// neither the exception handler nor status-code pages, so a backend's answer, empty error bodies
/// included, reaches the client untouched, and the relay pays nothing for error handling it never uses.
/// </summary>
public sealed class PassThroughResponses
{
    public static readonly PassThroughResponses Instance = new();

    private PassThroughResponses()
    {
    }
}
