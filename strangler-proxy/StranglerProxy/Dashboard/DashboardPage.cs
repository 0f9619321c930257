namespace StranglerProxy.Dashboard;

/// <summary>The dashboard page: one self-contained file, embedded in the proxy and read once.</summary>
internal static class DashboardPage
{
    public static string Html { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is not embedded in the proxy.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
