using Microsoft.Playwright;
using Xunit;

namespace Testing.Support;

/// <summary>
/// A real headless chromium driven by Playwright: the machine's own (CHROMIUM_PATH, else
/// /usr/bin/chromium, which .ci/run installs). Without one, the browser tests say why they are skipped.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser? Chromium { get; private set; }

    public static string? ExecutablePath =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(path => path is { Length: > 0 } && File.Exists(path));

    public async ValueTask InitializeAsync()
    {
        if (ExecutablePath is not { } path)
        {
            return;
        }

        // Pages refresh every 2 s and share a busy machine with the rest of the suite: wait longer than Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh page (its own session storage) at <paramref name="address"/>.</summary>
    public async Task<IPage> OpenAsync(Uri address)
    {
        Assert.SkipWhen(Chromium is null, "No chromium on this machine (set CHROMIUM_PATH, or apt-get install chromium); .ci/run installs it.");
        var context = await Chromium!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(address.ToString());
        return page;
    }

    /// <summary>
    /// Where a test saves a picture of what it saw: artifacts/screenshots in the repository, kept after the
    /// run (CI keeps artifacts/) so a reader can look at the page the assertions were made on.
    /// </summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Repository.PathOf("artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

    public async ValueTask DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
