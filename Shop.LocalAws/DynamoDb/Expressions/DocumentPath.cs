using System.Text;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>One step of a document path: a map key (or top-level attribute name) or a list index.</summary>
internal readonly record struct PathElement(string? Name, int Index)
{
    public bool IsIndex => Name is null;

    public static PathElement Key(string name) => new(name, -1);

    public static PathElement At(int index) => new(null, index);
}

/// <summary>
/// A resolved document path such as <c>a.b[2].c</c> (placeholders already substituted).
/// See <see href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html"/>.
/// </summary>
internal sealed class DocumentPath(PathElement[] elements)
{
    public PathElement[] Elements { get; } = elements;

    public string TopLevelName => Elements[0].Name ?? string.Empty;

    public bool IsNested => Elements.Length > 1;

    /// <summary>The value at this path, or null when any step is missing or of the wrong type.</summary>
    public AttributeValue? Resolve(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        if (item is null || !item.TryGetValue(TopLevelName, out var current))
        {
            return null;
        }
        var elements = Elements;
        for (var i = 1; i < elements.Length; i++)
        {
            var element = elements[i];
            if (element.IsIndex)
            {
                if (current.Type != AttributeType.L)
                {
                    return null;
                }
                var list = current.ListUnsafe;
                if (element.Index >= list.Length)
                {
                    return null;
                }
                current = list[element.Index];
            }
            else
            {
                if (current.Type != AttributeType.M || !current.MapUnsafe.TryGetValue(element.Name!, out current!))
                {
                    return null;
                }
            }
        }
        return current;
    }

    public bool SameAs(DocumentPath other)
    {
        if (other.Elements.Length != Elements.Length)
        {
            return false;
        }
        for (var i = 0; i < Elements.Length; i++)
        {
            if (Elements[i] != other.Elements[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The form AWS prints paths in its messages: <c>[a, b, [2], c]</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder("[");
        for (var i = 0; i < Elements.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }
            var element = Elements[i];
            if (element.IsIndex)
            {
                builder.Append('[').Append(element.Index).Append(']');
            }
            else
            {
                builder.Append(element.Name);
            }
        }
        return builder.Append(']').ToString();
    }
}
