namespace Shop.LocalAws.DynamoDb.Expressions;

internal enum TokenKind
{
    End,
    Identifier,        // [A-Za-z_][A-Za-z0-9_]*
    Number,            // [0-9]+ (list indexes)
    NamePlaceholder,   // #[A-Za-z0-9_]*
    ValuePlaceholder,  // :[A-Za-z0-9_]*
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Dot,
    Comma,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Plus,
    Minus,
    Unknown,           // any other single character
}

internal readonly record struct Token(TokenKind Kind, int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>Splits an expression into tokens once, so the backtracking parser works on an array, not on characters.</summary>
internal static class ExpressionLexer
{
    public static Token[] Tokenize(string text)
    {
        var tokens = new List<Token>(Math.Max(4, text.Length / 3));
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, text.Length, 0));
                return tokens.ToArray();
            }
            var start = i;
            var c = text[i];
            TokenKind kind;
            if (char.IsAsciiLetter(c) || c == '_')
            {
                i = SkipIdentifierPart(text, i + 1);
                kind = TokenKind.Identifier;
            }
            else if (char.IsAsciiDigit(c))
            {
                i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
                kind = TokenKind.Number;
            }
            else
            {
                i++;
                switch (c)
                {
                    case '#':
                        i = SkipIdentifierPart(text, i);
                        kind = TokenKind.NamePlaceholder;
                        break;
                    case ':':
                        i = SkipIdentifierPart(text, i);
                        kind = TokenKind.ValuePlaceholder;
                        break;
                    case '(':
                        kind = TokenKind.OpenParen;
                        break;
                    case ')':
                        kind = TokenKind.CloseParen;
                        break;
                    case '[':
                        kind = TokenKind.OpenBracket;
                        break;
                    case ']':
                        kind = TokenKind.CloseBracket;
                        break;
                    case '.':
                        kind = TokenKind.Dot;
                        break;
                    case ',':
                        kind = TokenKind.Comma;
                        break;
                    case '=':
                        kind = TokenKind.Equal;
                        break;
                    case '+':
                        kind = TokenKind.Plus;
                        break;
                    case '-':
                        kind = TokenKind.Minus;
                        break;
                    case '<':
                        if (i < text.Length && text[i] == '=')
                        {
                            i++;
                            kind = TokenKind.LessOrEqual;
                        }
                        else if (i < text.Length && text[i] == '>')
                        {
                            i++;
                            kind = TokenKind.NotEqual;
                        }
                        else
                        {
                            kind = TokenKind.Less;
                        }
                        break;
                    case '>':
                        if (i < text.Length && text[i] == '=')
                        {
                            i++;
                            kind = TokenKind.GreaterOrEqual;
                        }
                        else
                        {
                            kind = TokenKind.Greater;
                        }
                        break;
                    default:
                        if (char.IsHighSurrogate(c) && i < text.Length && char.IsLowSurrogate(text[i]))
                        {
                            i++;
                        }
                        kind = TokenKind.Unknown;
                        break;
                }
            }
            tokens.Add(new Token(kind, start, i - start));
        }
    }

    private static int SkipIdentifierPart(string text, int i)
    {
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }
        return i;
    }
}
