using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

// The condition grammar (ConditionExpression, FilterExpression, KeyConditionExpression), after dynalite's
// db/conditionParser.pegjs, with AWS's documented precedence: NOT binds tighter than AND, AND tighter than OR.
internal sealed partial class ExpressionParser
{
    private static readonly ExpressionTemplateCache<ExpressionNode> ConditionTemplates = new();

    public static ExpressionNode ParseCondition(string text, ExpressionAttributes attributes, string parameterName) =>
        ParseCondition(text, attributes, parameterName, ConditionTemplates);

    /// <summary>As above, with the templates to reuse and add to (none: always parse).</summary>
    internal static ExpressionNode ParseCondition(string text, ExpressionAttributes attributes, string parameterName,
        ExpressionTemplateCache<ExpressionNode>? templates)
    {
        if (templates is not null && templates.TryGet(parameterName, text, out var template) && template.TryBind(attributes, out var bound))
        {
            return template.HasValues ? ExpressionTemplate<ExpressionNode>.Bind(template.Parsed, bound) : template.Parsed;
        }
        CheckText(text, parameterName);
        var parser = new ExpressionParser(text, Grammar.Condition, attributes, parameterName);
        var expression = parser.ParseOrUncached();
        if (expression is null || !parser.Accept(TokenKind.End))
        {
            throw parser.SyntaxError(parameterName);
        }
        parser.CheckMisusedSize(expression);
        var errors = parser._errors;
        var message = errors.Parens ?? errors.UnknownFunction ?? errors.MisusedFunction ?? errors.Reserved ?? errors.Condition;
        if (message is not null)
        {
            throw Invalid(parameterName, message);
        }
        var operators = CountOperators(expression);
        if (operators > 300)
        {
            throw Invalid(parameterName, "The expression contains too many operators; operator count: " + operators);
        }
        if (templates is not null && parser.TemplateOf(expression) is { } parsed)
        {
            templates.Add(parameterName, text, parsed);
        }
        return expression;
    }

    /// <summary>Or, memoised by position: a parenthesised condition may be tried more than once from the same '('.</summary>
    private ExpressionNode? ParseOr()
    {
        var start = _pos;
        _orMemo ??= [];
        if (_orMemo.TryGetValue(start, out var memo))
        {
            _pos = memo.End;
            return memo.Node;
        }
        var result = ParseOrUncached();
        _orMemo[start] = (result, _pos);
        return result;
    }

    private ExpressionNode? ParseOrUncached()
    {
        EnsureStack();
        var left = ParseAnd();
        if (left is null)
        {
            return null;
        }
        var afterLeft = _pos;
        if (AcceptKeyword("OR"))
        {
            var right = ParseOrUncached();
            if (right is not null)
            {
                CheckMisusedSize(left);
                CheckMisusedSize(right);
                return new OrNode(left, right);
            }
        }
        _pos = afterLeft;
        return left;
    }

    private ExpressionNode? ParseAnd()
    {
        var left = ParseNot();
        if (left is null)
        {
            return null;
        }
        var afterLeft = _pos;
        if (AcceptKeyword("AND"))
        {
            var right = ParseAnd();
            if (right is not null)
            {
                CheckMisusedSize(left);
                CheckMisusedSize(right);
                return new AndNode(left, right);
            }
        }
        _pos = afterLeft;
        return left;
    }

    private ExpressionNode? ParseNot()
    {
        var start = _pos;
        if (AcceptKeyword("NOT"))
        {
            var operand = ParseParensCondition();
            if (operand is not null)
            {
                CheckMisusedSize(operand);
                return new NotNode(operand);
            }
            _pos = start;
            return null;
        }
        return ParseParensCondition();
    }

    private ExpressionNode? ParseParensCondition()
    {
        var start = _pos;
        // '(' '(' Or ')' ')': redundant parentheses
        if (Current.Kind == TokenKind.OpenParen && _tokens[_pos + 1].Kind == TokenKind.OpenParen)
        {
            _pos += 2;
            var inner = ParseOr();
            if (inner is not null && Accept(TokenKind.CloseParen) && Accept(TokenKind.CloseParen))
            {
                _errors.Parens ??= "The expression has redundant parentheses;";
                return inner;
            }
            _pos = start;
        }
        var condition = ParseComparisonCondition();
        if (condition is not null)
        {
            CheckConditionErrors();
            return condition;
        }
        _pos = start;
        if (Accept(TokenKind.OpenParen))
        {
            var inner = ParseOr();
            if (inner is not null && Accept(TokenKind.CloseParen))
            {
                return inner;
            }
        }
        _pos = start;
        return null;
    }

    /// <summary>ConditionExpression: <c>x comp y</c> / <c>x BETWEEN y AND z</c> / <c>x IN (…)</c> / function.</summary>
    private ExpressionNode? ParseComparisonCondition()
    {
        var start = _pos;
        var left = ParseOperandParens();
        if (left is not null)
        {
            var afterLeft = _pos;
            if (TryComparator(out var comparator))
            {
                var right = ParseOperandParens();
                if (right is not null)
                {
                    CheckMisusedFunction(left, right);
                    CheckDistinct(ComparisonNode.Symbol(comparator), left, right);
                    if (comparator is not (Comparator.Equal or Comparator.NotEqual))
                    {
                        CheckOrderable(ComparisonNode.Symbol(comparator), left, right);
                    }
                    return new ComparisonNode(comparator, left, right);
                }
            }
            _pos = afterLeft;
            if (AcceptKeyword("BETWEEN"))
            {
                var lower = ParseOperandParens();
                if (lower is not null && AcceptKeyword("AND"))
                {
                    var upper = ParseOperandParens();
                    if (upper is not null)
                    {
                        CheckMisusedFunction(left, lower, upper);
                        CheckOrderable("BETWEEN", left, lower, upper);
                        CheckBetweenArguments(lower, upper);
                        return new BetweenNode(left, lower, upper);
                    }
                }
            }
            _pos = afterLeft;
            if (AcceptKeyword("IN") && Accept(TokenKind.OpenParen))
            {
                var candidates = ParseArgumentList();
                if (candidates is not null && Accept(TokenKind.CloseParen))
                {
                    var all = new ExpressionNode[candidates.Count + 1];
                    all[0] = left;
                    candidates.CopyTo(all, 1);
                    CheckMisusedFunction(all);
                    if (candidates.Count > MaxInOperands && _errors.Function is null)
                    {
                        _errors.Function = "The IN operator is provided with too many operands; number of operands: " + candidates.Count;
                    }
                    return new InNode(left, candidates.ToArray());
                }
            }
        }
        _pos = start;
        return ParseFunction();
    }

    private bool TryComparator(out Comparator comparator)
    {
        switch (Current.Kind)
        {
            case TokenKind.Equal:
                comparator = Comparator.Equal;
                break;
            case TokenKind.NotEqual:
                comparator = Comparator.NotEqual;
                break;
            case TokenKind.Less:
                comparator = Comparator.Less;
                break;
            case TokenKind.LessOrEqual:
                comparator = Comparator.LessOrEqual;
                break;
            case TokenKind.Greater:
                comparator = Comparator.Greater;
                break;
            case TokenKind.GreaterOrEqual:
                comparator = Comparator.GreaterOrEqual;
                break;
            default:
                Miss();
                comparator = default;
                return false;
        }
        _pos++;
        return true;
    }

    /// <summary>OperandParens: <c>((operand))</c> (redundant) / <c>(operand)</c> / operand.</summary>
    private ExpressionNode? ParseOperandParens()
    {
        var start = _pos;
        if (Current.Kind != TokenKind.OpenParen)
        {
            return ParseOperand();
        }
        _operandMemo ??= [];
        if (_operandMemo.TryGetValue(start, out var memo))
        {
            _pos = memo.End;
            return memo.Node;
        }
        var result = ParseOperandParensUncached();
        _operandMemo[start] = (result, _pos);
        return result;
    }

    private ExpressionNode? ParseOperandParensUncached()
    {
        EnsureStack();
        var start = _pos;
        if (Accept(TokenKind.OpenParen))
        {
            // Only the condition grammar has the doubled form (and calls it redundant).
            if (_grammar == Grammar.Condition && Accept(TokenKind.OpenParen))
            {
                var inner = ParseOperand();
                if (inner is not null && Accept(TokenKind.CloseParen) && Accept(TokenKind.CloseParen))
                {
                    _errors.Parens ??= "The expression has redundant parentheses;";
                    return inner;
                }
                _pos = start + 1;
            }
            var operand = ParseOperand();
            if (operand is not null && Accept(TokenKind.CloseParen))
            {
                return operand;
            }
        }
        _pos = start;
        return ParseOperand();
    }

    /// <summary>Operand: function / :value / document path.</summary>
    private ExpressionNode? ParseOperand()
    {
        var start = _pos;
        var function = ParseFunction();
        if (function is not null)
        {
            return function;
        }
        _pos = start;
        if (Current.Kind == TokenKind.ValuePlaceholder)
        {
            var token = Current;
            _pos++;
            return ResolveValue(_text.Substring(token.Start, token.Length));
        }
        var path = ParsePath(allowGroupedHead: _grammar == Grammar.Condition);
        if (path is null)
        {
            return null;
        }
        if (_grammar == Grammar.Condition)
        {
            CheckReservedNames(start, _pos);
        }
        return new PathNode(path);
    }

    /// <summary>
    /// The condition grammar checks a path's names against the reserved words once the path is an operand, as
    /// dynalite's grammar does: a name read while trying another reading of the text is not checked. So in
    /// <c>(size(a) &gt; :v)</c>, the attempt to read <c>(size</c> as a parenthesised path does not make
    /// <c>size</c> an attribute name.
    /// </summary>
    private void CheckReservedNames(int from, int to)
    {
        for (var at = from; at < to && _errors.Reserved is null; at++)
        {
            if (_tokens[at].Kind == TokenKind.Identifier && ReservedWords.Contains(TextOf(_tokens[at])))
            {
                _errors.Reserved = "Attribute name is a reserved keyword; reserved keyword: " + TextOf(_tokens[at]).ToString();
            }
        }
    }

    /// <summary>Function: name '(' arguments ')'; names are case-sensitive and checked after the arguments.</summary>
    private FunctionNode? ParseFunction()
    {
        EnsureStack();
        var start = _pos;
        var nameToken = Current;
        if (nameToken.Kind != TokenKind.Identifier || IsGrammarKeywordAt(_pos))
        {
            Miss();
            return null;
        }
        _pos++;
        if (!Accept(TokenKind.OpenParen))
        {
            _pos = start;
            return null;
        }
        var arguments = ParseArgumentList();
        if (arguments is null || !Accept(TokenKind.CloseParen))
        {
            _pos = start;
            return null;
        }
        var function = new FunctionNode(_text.Substring(nameToken.Start, nameToken.Length), arguments.ToArray());
        if (_grammar == Grammar.Condition)
        {
            CheckMisusedFunction(function.Arguments);
            function.ResultType = CheckConditionFunction(function);
        }
        else
        {
            function.ResultType = CheckUpdateFunction(function.Name, function.Arguments, function);
        }
        return function;
    }

    private List<ExpressionNode>? ParseArgumentList()
    {
        var first = ParseOperandParens();
        if (first is null)
        {
            return null;
        }
        var arguments = new List<ExpressionNode>(2) { first };
        while (true)
        {
            var before = _pos;
            if (!Accept(TokenKind.Comma))
            {
                return arguments;
            }
            var next = ParseOperandParens();
            if (next is null)
            {
                _pos = before;
                return arguments;
            }
            arguments.Add(next);
        }
    }

    // ---- semantic checks (dynalite's, in its order) -------------------------------------------------------------

    private AttributeType? CheckConditionFunction(FunctionNode function)
    {
        if (_errors.UnknownFunction is not null)
        {
            return null;
        }
        var name = function.Name;
        var arguments = function.Arguments;
        int expected = function.Kind switch
        {
            FunctionKind.AttributeExists or FunctionKind.AttributeNotExists or FunctionKind.Size => 1,
            FunctionKind.AttributeType or FunctionKind.BeginsWith or FunctionKind.Contains => 2,
            _ => 0,
        };
        if (expected == 0)
        {
            _errors.UnknownFunction = "Invalid function name; function: " + name;
            return null;
        }
        if (_errors.Operand is not null)
        {
            return null;
        }
        if (arguments.Length != expected)
        {
            _errors.Operand = "Incorrect number of operands for operator or function; operator or function: " + name +
                              ", number of operands: " + arguments.Length;
            return null;
        }
        CheckDistinct(name, arguments);
        if (_errors.Function is not null)
        {
            return null;
        }
        switch (function.Kind)
        {
            case FunctionKind.AttributeExists:
            case FunctionKind.AttributeNotExists:
                if (arguments[0] is not PathNode)
                {
                    _errors.Function = "Operator or function requires a document path; operator or function: " + name;
                }
                return null;
            case FunctionKind.BeginsWith:
                foreach (var argument in arguments)
                {
                    if (argument.StaticType is { } type && type is not (AttributeType.S or AttributeType.B))
                    {
                        _errors.Function = "Incorrect operand type for operator or function; operator or function: " + name +
                                           ", operand type: " + FunctionNode.TypeName(type);
                        return null;
                    }
                }
                return AttributeType.BOOL;
            case FunctionKind.AttributeType:
            {
                var type = arguments[1].StaticType;
                if (type != AttributeType.S)
                {
                    _errors.Function = "Incorrect operand type for operator or function; operator or function: " + name +
                                       ", operand type: " + (type is { } t ? FunctionNode.TypeName(t) : "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
                    return null;
                }
                if (arguments[1] is ValueNode { Value: var typeName })
                {
                    _checkedValueContents = true;
                    if (!IsTypeName(typeName.S))
                    {
                        _errors.Function = "Invalid attribute type name found; type: " + typeName.S + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}";
                        return null;
                    }
                }
                return AttributeType.BOOL;
            }
            case FunctionKind.Size:
            {
                if (arguments[0].StaticType is AttributeType.N or AttributeType.BOOL or AttributeType.NULL)
                {
                    _errors.Function = "Incorrect operand type for operator or function; operator or function: " + name +
                                       ", operand type: " + FunctionNode.TypeName(arguments[0].StaticType!.Value);
                    return null;
                }
                return AttributeType.N;
            }
            default:
                return AttributeType.BOOL;
        }
    }

    private static bool IsTypeName(string name) =>
        name is "S" or "N" or "B" or "NULL" or "SS" or "BOOL" or "L" or "BS" or "NS" or "M";

    private void CheckMisusedFunction(params ReadOnlySpan<ExpressionNode> arguments)
    {
        if (_errors.MisusedFunction is not null)
        {
            return;
        }
        foreach (var argument in arguments)
        {
            if (argument is FunctionNode { Kind: not FunctionKind.Size } function)
            {
                _errors.MisusedFunction = "The function is not allowed to be used this way in an expression; function: " + function.Name;
                return;
            }
        }
    }

    private void CheckMisusedSize(ExpressionNode expression)
    {
        if (expression is FunctionNode { Kind: FunctionKind.Size } && _errors.MisusedFunction is null)
        {
            _errors.MisusedFunction = "The function is not allowed to be used this way in an expression; function: size";
        }
    }

    private void CheckDistinct(string name, params ReadOnlySpan<ExpressionNode> arguments)
    {
        if (_errors.Distinct is not null || arguments.Length != 2 || arguments[0] is not PathNode first ||
            arguments[1] is not PathNode second || !first.Path.SameAs(second.Path))
        {
            return;
        }
        _errors.Distinct = "The first operand must be distinct from the remaining operands for this operator or function; operator: " +
                           name + ", first operand: " + first.Path;
    }

    /// <summary>
    /// Only strings, numbers and binary order: AWS refuses a literal of another type in &lt;, &lt;=, &gt;, &gt;= and
    /// BETWEEN while parsing (captured from AWS for key conditions; dynalite lets the comparison be false instead).
    /// </summary>
    private void CheckOrderable(string name, params ReadOnlySpan<ExpressionNode> operands)
    {
        if (_errors.Function is not null)
        {
            return;
        }
        foreach (var operand in operands)
        {
            if (operand is ValueNode { Unresolved: false, Value.Type: var type } && type is not (AttributeType.S or AttributeType.N or AttributeType.B))
            {
                _errors.Function = "Incorrect operand type for operator or function; operator or function: " + name +
                                   ", operand type: " + FunctionNode.TypeName(type);
                return;
            }
        }
    }

    private void CheckBetweenArguments(ExpressionNode lower, ExpressionNode upper)
    {
        if (_errors.Function is not null || lower is not ValueNode { Unresolved: false } low || upper is not ValueNode { Unresolved: false } high)
        {
            return;
        }
        _checkedValueContents = true;
        if (low.Value.Type != high.Value.Type)
        {
            _errors.Function = "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: " +
                               Describe(low.Value) + ", upper bound operand: AttributeValue: " + Describe(high.Value);
        }
        else if (ValueOrdering.Compare(low.Value, high.Value) > 0)
        {
            _errors.Function = "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: " +
                               Describe(low.Value) + ", upper bound operand: AttributeValue: " + Describe(high.Value);
        }
    }

    private void CheckConditionErrors()
    {
        if (_errors.Condition is null)
        {
            _errors.Condition = _errors.AttrNameVal ?? _errors.Operand ?? _errors.Distinct ?? _errors.Function;
        }
    }

    private static int CountOperators(ExpressionNode node) => node switch
    {
        AndNode n => 1 + CountOperators(n.Left) + CountOperators(n.Right),
        OrNode n => 1 + CountOperators(n.Left) + CountOperators(n.Right),
        NotNode n => 1 + CountOperators(n.Operand),
        ComparisonNode n => 1 + CountOperators(n.Left) + CountOperators(n.Right),
        BetweenNode n => 1 + CountOperators(n.Operand) + CountOperators(n.Lower) + CountOperators(n.Upper),
        InNode n => 1 + CountOperators(n.Operand),
        FunctionNode n => 1 + n.Arguments.Sum(CountOperators),
        _ => 0,
    };
}
