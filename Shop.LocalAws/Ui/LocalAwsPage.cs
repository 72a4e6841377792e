using System.Net;
using System.Text;

namespace Shop.LocalAws.Ui;

/// <summary>Builds one HTML page of the LocalAws UI. Every text written through <see cref="Text"/> is HTML-encoded.</summary>
public sealed class LocalAwsPage
{
    private readonly StringBuilder _body = new();

    public string Title { get; set; } = "LocalAws";

    /// <summary>Appends trusted markup (written by LocalAws itself, never user data).</summary>
    public LocalAwsPage Html(string markup)
    {
        _body.Append(markup);
        return this;
    }

    /// <summary>Appends text, HTML-encoded: item values, message bodies, email contents are user data.</summary>
    public LocalAwsPage Text(string? text)
    {
        _body.Append(WebUtility.HtmlEncode(text ?? string.Empty));
        return this;
    }

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    internal string Render(IEnumerable<ILocalAwsUiSection> sections)
    {
        var nav = string.Concat(sections.Select(s => $"<a href=\"/_localaws/{Encode(s.Slug)}\">{Encode(s.Title)}</a>"));
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Encode(Title)}} · LocalAws</title>
            <style>
            body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fafbfc}
            header{background:#232f3e;color:#fff;padding:.6rem 1rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
            header a{color:#fff;text-decoration:none}header a:hover,header a:focus{text-decoration:underline}
            header strong a{color:#ff9900}
            main{padding:1rem;max-width:80rem}
            table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
            th{background:#f3f4f6}pre{white-space:pre-wrap;word-break:break-word;margin:0}
            .muted{color:#57606a}
            </style>
            </head>
            <body>
            <header><strong><a href="/_localaws">LocalAws</a></strong>{{nav}}</header>
            <main>
            <h1>{{Encode(Title)}}</h1>
            {{_body}}
            </main>
            </body>
            </html>
            """;
    }
}
