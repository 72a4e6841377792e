using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// Copies the values at a set of document paths into a new item, as AWS projects nested paths: maps keep the
/// projected keys, lists keep the projected elements in index order (missing positions close up).
/// </summary>
internal static class DocumentProjection
{
    public static Dictionary<string, AttributeValue> Project(IEnumerable<DocumentPath> paths, IReadOnlyDictionary<string, AttributeValue> item)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var value = path.Resolve(item);
            if (value is null)
            {
                continue;
            }
            var elements = path.Elements;
            object container = root;
            for (var i = 0; i < elements.Length; i++)
            {
                var element = elements[i];
                var last = i == elements.Length - 1;
                if (container is Dictionary<string, object> map)
                {
                    if (last)
                    {
                        map[element.Name!] = value;
                    }
                    else
                    {
                        container = GetOrAdd(map, element.Name!, elements[i + 1].IsIndex);
                    }
                }
                else
                {
                    var list = (SortedDictionary<int, object>)container;
                    if (last)
                    {
                        list[element.Index] = value;
                    }
                    else
                    {
                        if (!list.TryGetValue(element.Index, out var child))
                        {
                            child = NewContainer(elements[i + 1].IsIndex);
                            list[element.Index] = child;
                        }
                        container = child;
                    }
                }
            }
        }
        var result = new Dictionary<string, AttributeValue>(root.Count, StringComparer.Ordinal);
        foreach (var (name, member) in root)
        {
            result[name] = Freeze(member);
        }
        return result;
    }

    private static object GetOrAdd(Dictionary<string, object> map, string name, bool listChild)
    {
        if (!map.TryGetValue(name, out var child))
        {
            child = NewContainer(listChild);
            map[name] = child;
        }
        return child;
    }

    private static object NewContainer(bool list) =>
        list ? new SortedDictionary<int, object>() : new Dictionary<string, object>(StringComparer.Ordinal);

    private static AttributeValue Freeze(object node)
    {
        switch (node)
        {
            case AttributeValue value:
                return value;
            case Dictionary<string, object> map:
            {
                var members = new Dictionary<string, AttributeValue>(map.Count, StringComparer.Ordinal);
                foreach (var (name, member) in map)
                {
                    members[name] = Freeze(member);
                }
                return AttributeValue.MapOwned(members);
            }
            default:
            {
                var list = (SortedDictionary<int, object>)node;
                var elements = new AttributeValue[list.Count];
                var i = 0;
                foreach (var element in list.Values)
                {
                    elements[i++] = Freeze(element);
                }
                return AttributeValue.ListOwned(elements);
            }
        }
    }
}
