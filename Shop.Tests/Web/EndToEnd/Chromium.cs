using Microsoft.Playwright;

namespace Shop.Tests.Web.EndToEnd;

/// <summary>
/// Finds the Chromium the browser tests drive. Playwright's own browser download is not used: CI installs Debian's
/// <c>chromium</c>; other machines point <c>SHOP_CHROMIUM_PATH</c> at any Chromium or Chrome.
/// </summary>
public static class Chromium
{
    public const string PathVariable = "SHOP_CHROMIUM_PATH";

    private static readonly string[] KnownPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    public static string? ExecutablePath { get; } = Find();

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"No Chromium found (looked at ${PathVariable} and {string.Join(", ", KnownPaths)}). " +
        $"Install it (Debian/Ubuntu: `apt-get install chromium`) or set {PathVariable} to a Chromium or Chrome executable.";

    /// <summary>Flags that keep headless Chromium quiet and offline apart from the site under test.</summary>
    public static BrowserTypeLaunchOptions LaunchOptions => new()
    {
        ExecutablePath = ExecutablePath ?? throw new InvalidOperationException(MissingMessage),
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    };

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }
        return KnownPaths.FirstOrDefault(File.Exists);
    }
}
