using System.Text;
using System.Text.Json;

namespace Shop.LocalAws.Ses;

/// <summary>
/// Renders SES email templates: the Handlebars subset SES documents for personalization, i.e. <c>{{name}}</c> and
/// <c>{{a.b}}</c> (raw, not HTML-escaped, as SES renders them; <c>{{{name}}}</c> likewise), <c>{{#if}}</c>/<c>{{else}}</c>,
/// <c>{{#unless}}</c>, <c>{{#each}}</c> with <c>{{this}}</c> and <c>{{@index}}</c>, and <c>{{! comments }}</c>.
/// A missing value renders empty. A template that does not parse (an unclosed block) is rejected when it is created.
/// See https://docs.aws.amazon.com/ses/latest/dg/send-personalized-email-advanced.html
/// </summary>
public static class EmailTemplateRenderer
{
    /// <summary>Checks that a template parses; returns SES-style error text, or null when it is fine.</summary>
    public static string? Validate(string? template)
    {
        try
        {
            Parse(template ?? string.Empty);
            return null;
        }
        catch (FormatException error)
        {
            return error.Message;
        }
    }

    /// <summary>Renders <paramref name="template"/> with <paramref name="data"/> (a JSON object).</summary>
    public static string Render(string? template, JsonElement data)
    {
        if (string.IsNullOrEmpty(template))
        {
            return string.Empty;
        }
        var output = new StringBuilder(template.Length);
        RenderNodes(Parse(template), new Scope(data, null, null), output);
        return output.ToString();
    }

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ValueNode(string Path) : Node;

    private sealed record BlockNode(string Helper, string Path, List<Node> Body, List<Node> Inverse) : Node;

    private sealed record Scope(JsonElement Value, Scope? Parent, int? Index);

    private static List<Node> Parse(string template)
    {
        var root = new List<Node>();
        var stack = new Stack<(BlockNode Block, bool InElse)>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                Current().Add(new TextNode(template[position..]));
                break;
            }
            if (open > position)
            {
                Current().Add(new TextNode(template[position..open]));
            }
            var triple = template.AsSpan(open).StartsWith("{{{");
            var closeToken = triple ? "}}}" : "}}";
            var close = template.IndexOf(closeToken, open + closeToken.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"Template parse error: unclosed '{{{{' at position {open}.");
            }
            var tag = template[(open + closeToken.Length)..close].Trim().TrimStart('~').TrimEnd('~').Trim();
            position = close + closeToken.Length;

            if (tag.StartsWith('!'))
            {
                continue;
            }
            if (tag.StartsWith('#'))
            {
                var parts = tag[1..].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || parts[0] is not ("if" or "unless" or "each" or "with"))
                {
                    throw new FormatException($"Template parse error: unsupported block '{{{{{tag}}}}}'.");
                }
                var block = new BlockNode(parts[0], parts[1], [], []);
                Current().Add(block);
                stack.Push((block, false));
            }
            else if (tag == "else")
            {
                if (stack.Count == 0)
                {
                    throw new FormatException("Template parse error: '{{else}}' outside a block.");
                }
                var (block, _) = stack.Pop();
                stack.Push((block, true));
            }
            else if (tag.StartsWith('/'))
            {
                var name = tag[1..].Trim();
                if (stack.Count == 0 || stack.Peek().Block.Helper != name)
                {
                    throw new FormatException($"Template parse error: '{{{{/{name}}}}}' does not close an open block.");
                }
                stack.Pop();
            }
            else
            {
                Current().Add(new ValueNode(tag));
            }
        }
        if (stack.Count > 0)
        {
            throw new FormatException($"Template parse error: '{{{{#{stack.Peek().Block.Helper}}}}}' is not closed.");
        }
        return root;

        List<Node> Current() => stack.Count == 0 ? root : stack.Peek().InElse ? stack.Peek().Block.Inverse : stack.Peek().Block.Body;
    }

    private static void RenderNodes(List<Node> nodes, Scope scope, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ValueNode value:
                    output.Append(Format(Resolve(value.Path, scope)));
                    break;
                case BlockNode block:
                    RenderBlock(block, scope, output);
                    break;
            }
        }
    }

    private static void RenderBlock(BlockNode block, Scope scope, StringBuilder output)
    {
        var value = Resolve(block.Path, scope);
        switch (block.Helper)
        {
            case "if":
                RenderNodes(IsTruthy(value) ? block.Body : block.Inverse, scope, output);
                break;
            case "unless":
                RenderNodes(IsTruthy(value) ? block.Inverse : block.Body, scope, output);
                break;
            case "with":
                if (IsTruthy(value))
                {
                    RenderNodes(block.Body, new Scope(value!.Value, scope, null), output);
                }
                else
                {
                    RenderNodes(block.Inverse, scope, output);
                }
                break;
            case "each":
                var items = value is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().ToList()
                    : value is { ValueKind: JsonValueKind.Object } map ? map.EnumerateObject().Select(p => p.Value).ToList()
                    : [];
                if (items.Count == 0)
                {
                    RenderNodes(block.Inverse, scope, output);
                }
                for (var i = 0; i < items.Count; i++)
                {
                    RenderNodes(block.Body, new Scope(items[i], scope, i), output);
                }
                break;
        }
    }

    private static JsonElement? Resolve(string path, Scope scope)
    {
        if (path is "this" or ".")
        {
            return scope.Value;
        }
        if (path == "@index")
        {
            return scope.Index is { } index ? JsonSerializer.SerializeToElement(index) : null;
        }
        var current = scope;
        while (path.StartsWith("../", StringComparison.Ordinal) && current.Parent is not null)
        {
            current = current.Parent;
            path = path[3..];
        }
        if (path.StartsWith("this.", StringComparison.Ordinal))
        {
            path = path[5..];
        }
        JsonElement? value = current.Value;
        foreach (var segment in path.Split('.'))
        {
            if (value is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty(segment, out var next))
            {
                return null;
            }
            value = next;
        }
        return value;
    }

    private static bool IsTruthy(JsonElement? value) => value switch
    {
        null => false,
        { ValueKind: JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined } => false,
        { ValueKind: JsonValueKind.String } s => s.GetString()!.Length > 0,
        { ValueKind: JsonValueKind.Number } n => n.GetDouble() != 0,
        { ValueKind: JsonValueKind.Array } a => a.GetArrayLength() > 0,
        _ => true,
    };

    private static string Format(JsonElement? value) => value switch
    {
        null => string.Empty,
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        { ValueKind: JsonValueKind.Array } a => string.Join(',', a.EnumerateArray().Select(e => Format(e))),
        { ValueKind: JsonValueKind.Object } => "[object Object]",
        _ => string.Empty,
    };
}
