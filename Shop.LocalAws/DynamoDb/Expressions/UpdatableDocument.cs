using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// An item being changed by an update expression. Containers on an updated path are copied into mutable form on
/// first touch (copy on write), everything else stays shared with the original item.
/// </summary>
internal sealed class UpdatableDocument
{
    private readonly MutableMap _root;

    public UpdatableDocument(IReadOnlyDictionary<string, AttributeValue> item)
    {
        _root = new MutableMap(item.Count);
        foreach (var (name, value) in item)
        {
            _root.Members[name] = value;
        }
    }

    private sealed class MutableMap(int capacity)
    {
        public Dictionary<string, object> Members { get; } = new(capacity, StringComparer.Ordinal);
    }

    private sealed class MutableList(AttributeValue[] original)
    {
        public List<object> Items { get; } = new(original);

        /// <summary>SET beyond the end appends; several such SETs append in index order.</summary>
        public SortedDictionary<int, AttributeValue>? Appends { get; set; }

        /// <summary>REMOVE of elements, by their original positions, applied last.</summary>
        public SortedSet<int>? Removals { get; set; }
    }

    public void Set(DocumentPath path, AttributeValue value)
    {
        var parent = Parent(path);
        var last = path.Elements[^1];
        if (parent is MutableMap map)
        {
            map.Members[last.Name!] = value;
            return;
        }
        var list = (MutableList)parent;
        if (last.Index < list.Items.Count)
        {
            list.Items[last.Index] = value;
        }
        else
        {
            (list.Appends ??= [])[last.Index] = value;
        }
    }

    public void Remove(DocumentPath path)
    {
        var parent = Parent(path);
        var last = path.Elements[^1];
        if (parent is MutableMap map)
        {
            map.Members.Remove(last.Name!);
            return;
        }
        var list = (MutableList)parent;
        if (last.Index < list.Items.Count)
        {
            (list.Removals ??= []).Add(last.Index);
        }
    }

    /// <summary>ADD: a number is added to (a missing attribute counts as 0); a set gains the members it lacks.</summary>
    public void Add(DocumentPath path, AttributeValue operand)
    {
        var parent = Parent(path);
        var existing = Get(parent, path.Elements[^1]);
        AttributeValue result;
        if (existing is null)
        {
            result = operand;
        }
        else if (existing.Type != operand.Type)
        {
            throw DynamoDbException.Validation(UpdateExpression.IncorrectTypeMessage);
        }
        else if (operand.Type == AttributeType.N)
        {
            result = AttributeValue.FromN(existing.N.Add(operand.N));
        }
        else
        {
            result = SetAlgebra.Union(existing, operand);
        }
        Set(path, result);
    }

    /// <summary>DELETE: the set loses the given members; an emptied set disappears.</summary>
    public void Delete(DocumentPath path, AttributeValue operand)
    {
        var parent = Parent(path);
        var existing = Get(parent, path.Elements[^1]);
        if (existing is null)
        {
            return;
        }
        if (existing.Type != operand.Type)
        {
            throw DynamoDbException.Validation(UpdateExpression.IncorrectTypeMessage);
        }
        var remaining = SetAlgebra.Difference(existing, operand);
        if (remaining is null)
        {
            Remove(path);
        }
        else
        {
            Set(path, remaining);
        }
    }

    public Dictionary<string, AttributeValue> ToItem()
    {
        var item = new Dictionary<string, AttributeValue>(_root.Members.Count, StringComparer.Ordinal);
        foreach (var (name, member) in _root.Members)
        {
            item[name] = Freeze(member);
        }
        return item;
    }

    private static AttributeValue? Get(object parent, PathElement last)
    {
        object? member;
        if (parent is MutableMap map)
        {
            map.Members.TryGetValue(last.Name!, out member);
        }
        else
        {
            var list = (MutableList)parent;
            member = last.Index < list.Items.Count ? list.Items[last.Index] : null;
        }
        return member switch
        {
            null => null,
            AttributeValue value => value,
            _ => throw new InvalidOperationException("Overlapping update paths reached the engine"),
        };
    }

    /// <summary>The container that holds the last step of <paramref name="path"/>, made mutable; AWS's error when there is none.</summary>
    private object Parent(DocumentPath path)
    {
        object container = _root;
        var elements = path.Elements;
        for (var i = 0; i < elements.Length; i++)
        {
            var element = elements[i];
            if (i == elements.Length - 1)
            {
                if (element.IsIndex ? container is not MutableList : container is not MutableMap)
                {
                    throw DynamoDbException.Validation(UpdateExpression.InvalidPathMessage);
                }
                return container;
            }
            container = Child(container, element);
        }
        return container;
    }

    private static object Child(object container, PathElement element)
    {
        object? child;
        if (container is MutableMap map && !element.IsIndex)
        {
            if (!map.Members.TryGetValue(element.Name!, out child))
            {
                throw DynamoDbException.Validation(UpdateExpression.InvalidPathMessage);
            }
            var mutable = MakeMutable(child);
            if (!ReferenceEquals(mutable, child))
            {
                map.Members[element.Name!] = mutable;
            }
            return mutable;
        }
        if (container is MutableList list && element.IsIndex && element.Index < list.Items.Count)
        {
            child = list.Items[element.Index];
            var mutable = MakeMutable(child);
            if (!ReferenceEquals(mutable, child))
            {
                list.Items[element.Index] = mutable;
            }
            return mutable;
        }
        throw DynamoDbException.Validation(UpdateExpression.InvalidPathMessage);
    }

    private static object MakeMutable(object node)
    {
        if (node is not AttributeValue value)
        {
            return node;
        }
        switch (value.Type)
        {
            case AttributeType.M:
            {
                var map = new MutableMap(value.Count);
                foreach (var (name, member) in value.MapUnsafe)
                {
                    map.Members[name] = member;
                }
                return map;
            }
            case AttributeType.L:
                return new MutableList(value.ListUnsafe);
            default:
                // A scalar or set on the way: the path goes through something that has no members.
                throw DynamoDbException.Validation(UpdateExpression.InvalidPathMessage);
        }
    }

    private static AttributeValue Freeze(object node)
    {
        switch (node)
        {
            case AttributeValue value:
                return value;
            case MutableMap map:
            {
                var members = new Dictionary<string, AttributeValue>(map.Members.Count, StringComparer.Ordinal);
                foreach (var (name, member) in map.Members)
                {
                    members[name] = Freeze(member);
                }
                return AttributeValue.MapOwned(members);
            }
            default:
            {
                var list = (MutableList)node;
                var elements = new List<AttributeValue>(list.Items.Count + (list.Appends?.Count ?? 0));
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (list.Removals is null || !list.Removals.Contains(i))
                    {
                        elements.Add(Freeze(list.Items[i]));
                    }
                }
                if (list.Appends is not null)
                {
                    elements.AddRange(list.Appends.Values);
                }
                return AttributeValue.ListOwned(elements.ToArray());
            }
        }
    }
}
