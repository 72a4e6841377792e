namespace Shop.Tests.Web.EndToEnd;

/// <summary>
/// A test that needs a browser: skipped with instructions when none is installed on a developer's machine, but run
/// (and failing with the same instructions) in CI, where a missing browser is a broken pipeline, not a reason to pass.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.ExecutablePath is null && !Chromium.InCi)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}
