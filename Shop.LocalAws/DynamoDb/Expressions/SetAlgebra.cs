using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>Union and difference of two sets of the same type (SS, NS or BS), keeping the existing members' order.</summary>
internal static class SetAlgebra
{
    public static AttributeValue Union(AttributeValue existing, AttributeValue added) => existing.Type switch
    {
        AttributeType.SS => AttributeValue.SetOwned(AttributeType.SS, Union((string[])existing.SetMembersUnsafe, (string[])added.SetMembersUnsafe, string.Equals)),
        AttributeType.NS => AttributeValue.SetOwned(AttributeType.NS, Union((DynamoNumber[])existing.SetMembersUnsafe, (DynamoNumber[])added.SetMembersUnsafe, (a, b) => a == b)),
        _ => AttributeValue.SetOwned(AttributeType.BS, Union((byte[][])existing.SetMembersUnsafe, (byte[][])added.SetMembersUnsafe, (a, b) => a.AsSpan().SequenceEqual(b))),
    };

    private static T[] Union<T>(T[] existing, T[] added, Func<T, T, bool> same)
    {
        var members = new List<T>(existing);
        foreach (var candidate in added)
        {
            if (!members.Exists(member => same(member, candidate)))
            {
                members.Add(candidate);
            }
        }
        return members.ToArray();
    }

    /// <summary>The members of <paramref name="existing"/> not in <paramref name="removed"/>; null when none are left.</summary>
    public static AttributeValue? Difference(AttributeValue existing, AttributeValue removed)
    {
        Array remaining = existing.Type switch
        {
            AttributeType.SS => existing.SS.Where(member => Array.IndexOf((string[])removed.SetMembersUnsafe, member) < 0).ToArray(),
            AttributeType.NS => existing.NS.Where(member => Array.IndexOf((DynamoNumber[])removed.SetMembersUnsafe, member) < 0).ToArray(),
            _ => existing.BS.Where(member => AttributeValue.IndexOfBytes((byte[][])removed.SetMembersUnsafe, member) < 0).ToArray(),
        };
        return remaining.Length == 0 ? null : AttributeValue.SetOwned(existing.Type, remaining);
    }
}
