namespace StranglerProxy.Routing;

/// <summary>Who serves a request; the value of the X-Migration-Served-By response header.</summary>
public enum Target
{
    Legacy,
    Extracted,
}

public static class MigrationHeaders
{
    public const string ServedBy = "X-Migration-Served-By";

    /// <summary>A tester's choice of target; honoured only together with the tester secret.</summary>
    public const string Target = "X-Migration-Target";

    public const string TesterSecret = "X-Migration-Tester-Secret";

    /// <summary>Set when the monolith served a safe request the extracted service failed: the reason.</summary>
    public const string Fallback = "X-Migration-Fallback";

    public const string LegacyValue = "legacy";

    public const string ExtractedValue = "extracted";

    public static string ToHeaderValue(this Target target) => target == Routing.Target.Legacy ? LegacyValue : ExtractedValue;
}
