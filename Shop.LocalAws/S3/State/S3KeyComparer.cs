namespace Shop.LocalAws.S3.State;

/// <summary>
/// Orders keys as S3 lists them: by their UTF-8 bytes. That is code point order, which differs from .NET's ordinal
/// UTF-16 order only between surrogate pairs and U+E000–U+FFFF, so those two ranges are swapped before comparing.
/// </summary>
public sealed class S3KeyComparer : IComparer<string>
{
    public static readonly S3KeyComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        var length = Math.Min(x.Length, y.Length);
        var mismatch = x.AsSpan(0, length).CommonPrefixLength(y.AsSpan(0, length));
        if (mismatch == length)
        {
            return x.Length.CompareTo(y.Length);
        }
        return CodePointRank(x[mismatch]).CompareTo(CodePointRank(y[mismatch]));
    }

    private static int CodePointRank(char c) => c switch
    {
        >= '\uD800' and <= '\uDFFF' => c + 0x2000,
        >= '\uE000' => c - 0x800,
        _ => c,
    };
}
