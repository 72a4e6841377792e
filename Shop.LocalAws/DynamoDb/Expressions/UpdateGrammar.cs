using Shop.LocalAws.DynamoDb.Model;

namespace Shop.LocalAws.DynamoDb.Expressions;

internal enum UpdateActionKind
{
    Set,
    Remove,
    Add,
    Delete,
}

/// <summary>One action of an update expression: its target path and, for SET/ADD/DELETE, its value.</summary>
internal sealed record UpdateAction(UpdateActionKind Kind, DocumentPath Path, ExpressionNode? Value);

// The update grammar, after dynalite's db/updateParser.pegjs, and the projection grammar (db/projectionParser.pegjs).
internal sealed partial class ExpressionParser
{
    private List<DocumentPath>? _checkedPaths;

    private static readonly ExpressionTemplateCache<UpdateAction[]> UpdateTemplates = new();
    private static readonly ExpressionTemplateCache<DocumentPath[]> ProjectionTemplates = new();

    public static UpdateAction[] ParseUpdate(string text, ExpressionAttributes attributes) => ParseUpdate(text, attributes, UpdateTemplates);

    /// <summary>As above, with the templates to reuse and add to (none: always parse).</summary>
    internal static UpdateAction[] ParseUpdate(string text, ExpressionAttributes attributes, ExpressionTemplateCache<UpdateAction[]>? templates)
    {
        const string parameterName = "UpdateExpression";
        if (templates is not null && templates.TryGet(parameterName, text, out var template) && template.TryBind(attributes, out var bound))
        {
            return template.HasValues ? Bind(template.Parsed, bound) : template.Parsed;
        }
        CheckText(text, parameterName);
        var parser = new ExpressionParser(text, Grammar.Update, attributes, parameterName);
        var actions = new List<UpdateAction>();
        var sections = 0;
        while (parser.ParseSection(actions, ref sections))
        {
        }
        if (sections == 0 || !parser.Accept(TokenKind.End))
        {
            throw parser.SyntaxError(parameterName);
        }
        var errors = parser._errors;
        var message = errors.Reserved ?? errors.UnknownFunction ?? errors.Section ?? errors.AttrName ?? errors.AttrVal ??
                      errors.PathOverlap ?? errors.PathConflict ?? errors.Operand ?? errors.Function;
        if (message is not null)
        {
            throw Invalid(parameterName, message);
        }
        var parsed = actions.ToArray();
        if (templates is not null && parser.TemplateOf(parsed) is { } made)
        {
            templates.Add(parameterName, text, made);
        }
        return parsed;
    }

    private static UpdateAction[] Bind(UpdateAction[] actions, AttributeValue[] bound)
    {
        var result = new UpdateAction[actions.Length];
        for (var i = 0; i < actions.Length; i++)
        {
            var action = actions[i];
            result[i] = action.Value is null ? action : action with { Value = ExpressionTemplate<UpdateAction[]>.Bind(action.Value, bound) };
        }
        return result;
    }

    public static DocumentPath[] ParseProjection(string text, ExpressionAttributes attributes) => ParseProjection(text, attributes, ProjectionTemplates);

    /// <summary>As above, with the templates to reuse and add to (none: always parse).</summary>
    internal static DocumentPath[] ParseProjection(string text, ExpressionAttributes attributes, ExpressionTemplateCache<DocumentPath[]>? templates)
    {
        const string parameterName = "ProjectionExpression";
        if (templates is not null && templates.TryGet(parameterName, text, out var template) && template.TryBind(attributes, out _))
        {
            return template.Parsed;   // paths only: nothing to bind, and nothing changes them
        }
        CheckText(text, parameterName);
        var parser = new ExpressionParser(text, Grammar.Projection, attributes, parameterName);
        var paths = new List<DocumentPath>();
        var first = parser.ParsePath(allowGroupedHead: false);
        if (first is not null)
        {
            paths.Add(first);
            while (true)
            {
                var before = parser._pos;
                if (!parser.Accept(TokenKind.Comma))
                {
                    break;
                }
                var next = parser.ParsePath(allowGroupedHead: false);
                if (next is null)
                {
                    parser._pos = before;
                    break;
                }
                paths.Add(next);
            }
        }
        if (first is null || !parser.Accept(TokenKind.End))
        {
            throw parser.SyntaxError(parameterName);
        }
        foreach (var path in paths)
        {
            parser.CheckPath(path);
        }
        var errors = parser._errors;
        var message = errors.Reserved ?? errors.AttrNameVal ?? errors.PathOverlap ?? errors.PathConflict;
        if (message is not null)
        {
            throw Invalid(parameterName, message);
        }
        var parsed = paths.ToArray();
        if (templates is not null && parser.TemplateOf(parsed) is { } made)
        {
            templates.Add(parameterName, text, made);
        }
        return parsed;
    }

    private bool ParseSection(List<UpdateAction> actions, ref int sections)
    {
        var start = _pos;
        UpdateActionKind kind;
        string keyword;
        if (IsKeywordAt(_pos, "SET"))
        {
            (kind, keyword) = (UpdateActionKind.Set, "SET");
        }
        else if (IsKeywordAt(_pos, "REMOVE"))
        {
            (kind, keyword) = (UpdateActionKind.Remove, "REMOVE");
        }
        else if (IsKeywordAt(_pos, "ADD"))
        {
            (kind, keyword) = (UpdateActionKind.Add, "ADD");
        }
        else if (IsKeywordAt(_pos, "DELETE"))
        {
            (kind, keyword) = (UpdateActionKind.Delete, "DELETE");
        }
        else
        {
            Miss();
            return false;
        }
        _pos++;
        var sectionActions = new List<UpdateAction>();
        var action = ParseUpdateAction(kind);
        if (action is null)
        {
            _pos = start;
            return false;
        }
        sectionActions.Add(action);
        while (true)
        {
            var before = _pos;
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
            var next = ParseUpdateAction(kind);
            if (next is null)
            {
                _pos = before;
                break;
            }
            sectionActions.Add(next);
        }
        if (_errors.Section is null)
        {
            var bit = 1 << (int)kind;
            if ((sections & bit) != 0)
            {
                _errors.Section = "The \"" + keyword + "\" section can only be used once in an update expression;";
            }
            sections |= bit;
        }
        actions.AddRange(sectionActions);
        return true;
    }

    private UpdateAction? ParseUpdateAction(UpdateActionKind kind)
    {
        var start = _pos;
        var path = ParsePath(allowGroupedHead: false);
        if (path is null)
        {
            return null;
        }
        switch (kind)
        {
            case UpdateActionKind.Remove:
                CheckPath(path);
                return new UpdateAction(kind, path, null);
            case UpdateActionKind.Set:
            {
                if (!Accept(TokenKind.Equal))
                {
                    _pos = start;
                    return null;
                }
                var value = ParseSetValueParens();
                if (value is null)
                {
                    _pos = start;
                    return null;
                }
                CheckPath(path);
                return new UpdateAction(kind, path, value);
            }
            default:
            {
                if (Current.Kind != TokenKind.ValuePlaceholder)
                {
                    Miss();
                    _pos = start;
                    return null;
                }
                var token = Current;
                _pos++;
                var value = ResolveValue(_text.Substring(token.Start, token.Length));
                CheckPath(path);
                CheckAddOrDeleteOperand(kind == UpdateActionKind.Add ? "ADD" : "DELETE", value);
                return new UpdateAction(kind, path, value);
            }
        }
    }

    private ExpressionNode? ParseSetValueParens()
    {
        var start = _pos;
        if (Accept(TokenKind.OpenParen))
        {
            var inner = ParseSetValue();
            if (inner is not null && Accept(TokenKind.CloseParen))
            {
                return inner;
            }
        }
        _pos = start;
        return ParseSetValue();
    }

    private ExpressionNode? ParseSetValue()
    {
        var left = ParseOperandParens();
        if (left is null)
        {
            return null;
        }
        var afterLeft = _pos;
        if (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var subtract = Current.Kind == TokenKind.Minus;
            _pos++;
            var right = ParseOperandParens();
            if (right is not null)
            {
                var node = new ArithmeticNode(subtract, left, right);
                CheckUpdateFunction(subtract ? "-" : "+", [left, right], null);
                return node;
            }
        }
        else
        {
            Miss();
        }
        _pos = afterLeft;
        return left;
    }

    private AttributeType? CheckUpdateFunction(string name, ExpressionNode[] arguments, FunctionNode? function)
    {
        if (_errors.UnknownFunction is not null)
        {
            return null;
        }
        var kind = function?.Kind ?? FunctionKind.Unknown;
        if (function is not null && kind is not (FunctionKind.IfNotExists or FunctionKind.ListAppend))
        {
            _errors.UnknownFunction = "Invalid function name; function: " + name;
            return null;
        }
        if (_errors.Function is not null)
        {
            return null;
        }
        if (arguments.Length != 2)
        {
            _errors.Function = "Incorrect number of operands for operator or function; operator or function: " + name +
                               ", number of operands: " + arguments.Length;
            return null;
        }
        if (kind == FunctionKind.IfNotExists)
        {
            if (arguments[0] is not PathNode)
            {
                _errors.Function = "Operator or function requires a document path; operator or function: " + name;
                return null;
            }
            return arguments[1].StaticType;
        }
        var required = kind == FunctionKind.ListAppend ? AttributeType.L : AttributeType.N;
        foreach (var argument in arguments)
        {
            if (argument is ValueNode { Unresolved: false, Value.Type: var type } && type != required)
            {
                _errors.Function = "Incorrect operand type for operator or function; operator or function: " + name +
                                   ", operand type: " + FunctionNode.TypeName(type);
                return null;
            }
        }
        return required;
    }

    private void CheckAddOrDeleteOperand(string keyword, ValueNode value)
    {
        if (_errors.Operand is not null || value.Unresolved)
        {
            return;
        }
        var type = value.Value.Type;
        string? shown = type switch
        {
            AttributeType.S => "STRING",
            AttributeType.N => "NUMBER",
            AttributeType.B => "BINARY",
            AttributeType.NULL => "NULL",
            AttributeType.BOOL => "BOOLEAN",
            AttributeType.L => "LIST",
            AttributeType.M => "MAP",
            _ => null,
        };
        if (shown is not null && !(keyword == "ADD" && type == AttributeType.N))
        {
            _errors.Operand = "Incorrect operand type for operator or function; operator: " + keyword + ", operand type: " + shown;
        }
    }

    /// <summary>Two paths of one update or projection may not overlap (one a prefix of the other) or conflict (name vs index at one step).</summary>
    private void CheckPath(DocumentPath path)
    {
        if (_errors.PathOverlap is not null)
        {
            return;
        }
        _checkedPaths ??= [];
        foreach (var earlier in _checkedPaths)
        {
            CheckPaths(earlier, path);
            if (_errors.PathOverlap is not null)
            {
                return;
            }
        }
        _checkedPaths.Add(path);
    }

    private void CheckPaths(DocumentPath first, DocumentPath second)
    {
        var common = Math.Min(first.Elements.Length, second.Elements.Length);
        for (var i = 0; i < common; i++)
        {
            var a = first.Elements[i];
            var b = second.Elements[i];
            if (a.IsIndex != b.IsIndex)
            {
                // dynalite keeps the last conflict it finds
                _errors.PathConflict = "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: " +
                                       first + ", path two: " + second;
                return;
            }
            if (a != b)
            {
                return;
            }
        }
        _errors.PathOverlap = "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: " +
                              first + ", path two: " + second;
    }
}
