using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>Union and difference of two sets of the same type (SS, NS or BS), keeping the existing members' order.</summary>
internal static class SetAlgebra
{
    public static AttributeValue Union(AttributeValue existing, AttributeValue added)
    {
        switch (existing.Type)
        {
            case AttributeType.SS:
            {
                var members = new List<string>(existing.SS);
                foreach (var member in added.SS)
                {
                    if (!members.Contains(member))
                    {
                        members.Add(member);
                    }
                }
                return AttributeValue.SetOwned(AttributeType.SS, members.ToArray());
            }
            case AttributeType.NS:
            {
                var members = new List<DynamoNumber>(existing.NS);
                foreach (var member in added.NS)
                {
                    if (!members.Contains(member))
                    {
                        members.Add(member);
                    }
                }
                return AttributeValue.SetOwned(AttributeType.NS, members.ToArray());
            }
            default:
            {
                var members = new List<byte[]>(existing.BS);
                foreach (var member in added.BS)
                {
                    if (AttributeValue.IndexOfBytes([.. members], member) < 0)
                    {
                        members.Add(member);
                    }
                }
                return AttributeValue.SetOwned(AttributeType.BS, members.ToArray());
            }
        }
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
