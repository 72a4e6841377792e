using System.Text;
using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

/// <summary>
/// Recursive-descent parser for DynamoDB's condition, update and projection grammars. It follows dynalite's PEG
/// grammars rule for rule (ordered choice, first success wins) so that the same inputs are accepted and the same
/// semantic error wins when several apply; syntax errors are reported in AWS's form
/// (<c>Syntax error; token: "x", near: "a x b"</c>) at the furthest token the parser could not consume.
/// </summary>
internal sealed partial class ExpressionParser
{
    public const int MaxExpressionBytes = 4096;
    private const int MaxInOperands = 100;

    private enum Grammar { Condition, Update, Projection }

    private readonly string _parameterName;
    private readonly string _text;
    private readonly Token[] _tokens;
    private readonly Grammar _grammar;
    private readonly ExpressionAttributes _attributes;
    private readonly ErrorSlots _errors = new();
    private Dictionary<int, (ExpressionNode? Node, int End)>? _operandMemo;
    private Dictionary<int, (ExpressionNode? Node, int End)>? _orMemo;
    private Dictionary<int, (DocumentPath? Path, int End)>? _groupedPathMemo;
    private int _pos;
    private int _furthest;
    // What the parse resolved, for ExpressionTemplate: a later request that binds the same way reuses this parse.
    private List<(string Placeholder, string Name)>? _resolvedNames;
    private List<(string Placeholder, AttributeValue Value)>? _resolvedValues;
    private bool _checkedValueContents;

    private ExpressionParser(string text, Grammar grammar, ExpressionAttributes attributes, string parameterName)
    {
        _parameterName = parameterName;
        _text = text;
        _grammar = grammar;
        _attributes = attributes;
        _tokens = ExpressionLexer.Tokenize(text);
    }

    /// <summary>Semantic errors as dynalite collects them: the first of each kind, reported in a fixed priority order.</summary>
    private sealed class ErrorSlots
    {
        public string? Parens;
        public string? UnknownFunction;
        public string? MisusedFunction;
        public string? Reserved;
        public string? Condition;
        public string? AttrNameVal;   // condition/projection: undefined #name or :value (one slot)
        public string? AttrName;      // update: undefined #name
        public string? AttrVal;       // update: undefined :value
        public string? Operand;
        public string? Distinct;
        public string? Function;
        public string? Section;
        public string? PathOverlap;
        public string? PathConflict;
    }

    private static void CheckText(string text, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw Invalid(parameterName, "The expression can not be empty;");
        }
        var size = text.Length <= MaxExpressionBytes / 3 ? text.Length : Encoding.UTF8.GetByteCount(text);
        if (size > MaxExpressionBytes)
        {
            throw Invalid(parameterName, "Expression size has exceeded the maximum allowed size; expression size: " + size);
        }
    }

    private static DynamoDbException Invalid(string parameterName, string message) =>
        DynamoDbException.Validation("Invalid " + parameterName + ": " + message);

    private DynamoDbException SyntaxError(string parameterName)
    {
        var index = Math.Min(_furthest, _tokens.Length - 1);
        var token = _tokens[index];
        var previous = index > 0 ? _tokens[index - 1] : (Token?)null;
        string tokenText;
        int nearEnd;
        if (token.Kind == TokenKind.End)
        {
            tokenText = "<EOF>";
            nearEnd = previous?.End ?? 0;
        }
        else
        {
            tokenText = _text.Substring(token.Start, token.Length);
            var next = _tokens[index + 1];
            nearEnd = next.Kind == TokenKind.End ? token.End : next.End;
        }
        var nearStart = previous?.Start ?? token.Start;
        var near = _text[nearStart..Math.Max(nearStart, nearEnd)];
        return Invalid(parameterName, "Syntax error; token: \"" + tokenText + "\", near: \"" + near + "\"");
    }

    /// <summary>
    /// Nested parentheses recurse; 4 KB of them must not exhaust a small thread stack and take the process down.
    /// AWS's own limit here is not known; the message names the problem.
    /// </summary>
    private void EnsureStack()
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Invalid(_parameterName, "The expression is nested too deeply;");
        }
    }

    // ---- token helpers -------------------------------------------------------------------------------------------

    private Token Current => _tokens[_pos];

    private void Miss() => _furthest = Math.Max(_furthest, _pos);

    private bool Accept(TokenKind kind)
    {
        if (_tokens[_pos].Kind == kind)
        {
            _pos++;
            return true;
        }
        Miss();
        return false;
    }

    private ReadOnlySpan<char> TextOf(Token token) => _text.AsSpan(token.Start, token.Length);

    /// <summary>A keyword matches case-insensitively and must not run into a placeholder (<c>AND:v</c> is not AND).</summary>
    private bool IsKeywordAt(int index, string keyword)
    {
        var token = _tokens[index];
        if (token.Kind != TokenKind.Identifier || !TextOf(token).Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var next = _tokens[index + 1];
        return next.Start != token.End || next.Kind is not (TokenKind.NamePlaceholder or TokenKind.ValuePlaceholder);
    }

    private bool AcceptKeyword(string keyword)
    {
        if (IsKeywordAt(_pos, keyword))
        {
            _pos++;
            return true;
        }
        Miss();
        return false;
    }

    private bool IsGrammarKeywordAt(int index) => _grammar switch
    {
        Grammar.Condition => IsKeywordAt(index, "BETWEEN") || IsKeywordAt(index, "IN") || IsKeywordAt(index, "AND") ||
                             IsKeywordAt(index, "OR") || IsKeywordAt(index, "NOT"),
        Grammar.Update => IsKeywordAt(index, "SET") || IsKeywordAt(index, "REMOVE") || IsKeywordAt(index, "ADD") ||
                          IsKeywordAt(index, "DELETE"),
        _ => false,
    };

    // ---- document paths -----------------------------------------------------------------------------------------

    /// <summary>
    /// PathExpression: an identifier or #name, then any of <c>[n]</c> and <c>.identifier</c>. Names are checked
    /// against the reserved words and placeholders resolved left to right, as dynalite's actions do.
    /// </summary>
    private DocumentPath? ParsePath(bool allowGroupedHead)
    {
        var start = _pos;
        if (Current.Kind is TokenKind.Identifier or TokenKind.NamePlaceholder &&
            _tokens[_pos + 1].Kind is not (TokenKind.Dot or TokenKind.OpenBracket))
        {
            // The common case, a single name: no list to grow.
            return TryIdentifier(out var single) ? new DocumentPath([PathElement.Key(single)]) : null;
        }
        var elements = new List<PathElement>(2);
        if (allowGroupedHead && Current.Kind == TokenKind.OpenParen)
        {
            // GroupedPathExpression: '(' '(' path ')' ')' (redundant) / '(' path ')'
            var head = ParseGroupedPath();
            if (head is null)
            {
                _pos = start;
                return null;
            }
            elements.AddRange(head.Elements);
        }
        else
        {
            if (!TryIdentifier(out var name))
            {
                return null;
            }
            elements.Add(PathElement.Key(name));
        }
        while (true)
        {
            var before = _pos;
            if (Current.Kind == TokenKind.OpenBracket)
            {
                _pos++;
                if (Current.Kind == TokenKind.Number)
                {
                    var digits = TextOf(Current);
                    _pos++;
                    if (Accept(TokenKind.CloseBracket))
                    {
                        elements.Add(PathElement.At(ParseIndex(digits)));
                        continue;
                    }
                }
                else
                {
                    Miss();
                }
                _pos = before;
                break;
            }
            if (Current.Kind == TokenKind.Dot)
            {
                _pos++;
                if (TryIdentifier(out var name))
                {
                    elements.Add(PathElement.Key(name));
                    continue;
                }
                _pos = before;
                break;
            }
            Miss();
            break;
        }
        return new DocumentPath(elements.ToArray());
    }

    /// <summary>GroupedPathExpression, memoised by position: both of its forms start with '(' and nest.</summary>
    private DocumentPath? ParseGroupedPath()
    {
        var start = _pos;
        _groupedPathMemo ??= [];
        if (_groupedPathMemo.TryGetValue(start, out var memo))
        {
            _pos = memo.End;
            return memo.Path;
        }
        var result = ParseGroupedPathUncached();
        _groupedPathMemo[start] = (result, _pos);
        return result;
    }

    private DocumentPath? ParseGroupedPathUncached()
    {
        EnsureStack();
        var start = _pos;
        if (Accept(TokenKind.OpenParen) && Accept(TokenKind.OpenParen))
        {
            var inner = ParsePath(allowGroupedHead: true);
            if (inner is not null && Accept(TokenKind.CloseParen) && Accept(TokenKind.CloseParen))
            {
                _errors.Parens ??= "The expression has redundant parentheses;";
                return inner;
            }
        }
        _pos = start;
        if (Accept(TokenKind.OpenParen))
        {
            var inner = ParsePath(allowGroupedHead: true);
            if (inner is not null && Accept(TokenKind.CloseParen))
            {
                return inner;
            }
        }
        _pos = start;
        return null;
    }

    private static int ParseIndex(ReadOnlySpan<char> digits)
    {
        long value = 0;
        foreach (var digit in digits)
        {
            value = Math.Min(value * 10 + (digit - '0'), int.MaxValue);
        }
        return (int)value;
    }

    /// <summary>Identifier (not a keyword of this grammar) or #name; the name is checked or resolved at once.</summary>
    private bool TryIdentifier(out string name)
    {
        var token = Current;
        if (token.Kind == TokenKind.Identifier && !IsGrammarKeywordAt(_pos))
        {
            name = _text.Substring(token.Start, token.Length);
            _pos++;
            // The condition grammar checks names once a whole path is an operand (CheckReservedNames).
            if (_grammar != Grammar.Condition && ReservedWords.Contains(name))
            {
                _errors.Reserved ??= "Attribute name is a reserved keyword; reserved keyword: " + name;
            }
            return true;
        }
        if (token.Kind == TokenKind.NamePlaceholder)
        {
            _pos++;
            name = ResolveName(_text.Substring(token.Start, token.Length));
            return true;
        }
        Miss();
        name = string.Empty;
        return false;
    }

    private string ResolveName(string placeholder)
    {
        if (_grammar == Grammar.Update ? _errors.AttrName is not null : _errors.AttrNameVal is not null)
        {
            return string.Empty;
        }
        // dynalite (like AWS) treats an empty substitution as undefined.
        if (_attributes.TryResolveName(placeholder, out var name) && name.Length > 0)
        {
            _resolvedNames ??= new List<(string, string)>(2);
            if (!_resolvedNames.Exists(resolved => resolved.Placeholder == placeholder))
            {
                _resolvedNames.Add((placeholder, name));
            }
            return name;
        }
        var message = "An expression attribute name used in the document path is not defined; attribute name: " + placeholder;
        if (_grammar == Grammar.Update)
        {
            _errors.AttrName = message;
        }
        else
        {
            _errors.AttrNameVal = message;
        }
        return string.Empty;
    }

    private ValueNode ResolveValue(string placeholder)
    {
        if (_grammar == Grammar.Update ? _errors.AttrVal is not null : _errors.AttrNameVal is not null)
        {
            return new ValueNode(AttributeValue.Null) { Unresolved = true };
        }
        if (_attributes.TryResolveValue(placeholder, out var value))
        {
            _resolvedValues ??= new List<(string, AttributeValue)>(2);
            var slot = _resolvedValues.FindIndex(resolved => resolved.Placeholder == placeholder);
            if (slot < 0)
            {
                slot = _resolvedValues.Count;
                _resolvedValues.Add((placeholder, value));
            }
            return new ValueNode(value) { Slot = slot };
        }
        var message = "An expression attribute value used in expression is not defined; attribute value: " + placeholder;
        if (_grammar == Grammar.Update)
        {
            _errors.AttrVal = message;
        }
        else
        {
            _errors.AttrNameVal = message;
        }
        return new ValueNode(AttributeValue.Null) { Unresolved = true };
    }

    /// <summary>
    /// This successful parse as a template for later requests with the same text, or null when one of its checks
    /// looked at a value's contents (then another value could fail where this one passed).
    /// </summary>
    private ExpressionTemplate<T>? TemplateOf<T>(T parsed)
        where T : class
    {
        if (_checkedValueContents)
        {
            return null;
        }
        var names = _resolvedNames is null ? [] : _resolvedNames.ToArray();
        var values = _resolvedValues is null ? [] : _resolvedValues.ConvertAll(resolved => (resolved.Placeholder, resolved.Value.Type)).ToArray();
        return new ExpressionTemplate<T>(parsed, names, values);
    }

    /// <summary>AWS's list of a value inside messages such as the BETWEEN bounds: <c>{N:5}</c>, as dynalite prints it.</summary>
    private static string Describe(AttributeValue value)
    {
        var type = FunctionNode.TypeName(value.Type);
        string shown = value.Type switch
        {
            AttributeType.S => value.S,
            AttributeType.N => value.N.ToString(),
            AttributeType.B => Convert.ToBase64String(value.B),
            AttributeType.BOOL => value.BOOL ? "true" : "false",
            AttributeType.NULL => "true",
            AttributeType.SS => string.Join(",", value.SS),
            AttributeType.NS => string.Join(",", value.NS),
            AttributeType.BS => string.Join(",", value.BS.Select(Convert.ToBase64String)),
            AttributeType.L => string.Join(",", Enumerable.Repeat("[object Object]", value.Count)),
            _ => "[object Object]",
        };
        return "{" + type + ":" + shown + "}";
    }
}
