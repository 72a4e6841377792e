namespace Shop.LocalAws.Ui;

/// <summary>
/// One service's read-only pages in the LocalAws web UI under <c>/_localaws/{Slug}</c>.
/// Each service folder contributes one; the UI shell lists them in its navigation.
/// </summary>
public interface ILocalAwsUiSection
{
    /// <summary>Navigation title, e.g. "DynamoDB".</summary>
    string Title { get; }

    /// <summary>URL segment under /_localaws, e.g. "dynamodb".</summary>
    string Slug { get; }

    /// <summary>Renders the page for the rest of the path (empty for the section's index). Returns false for an unknown path (404).</summary>
    Task<bool> RenderAsync(HttpContext context, string subPath, LocalAwsPage page);
}
