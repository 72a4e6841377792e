using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Shop.LocalAws.Lambda;

/// <summary>
/// Converts between a W3C trace context and the X-Ray trace header Lambda passes in Lambda-Runtime-Trace-Id
/// (<c>Root=1-{8 hex}-{24 hex};Parent={16 hex};Sampled=1</c>). The two id formats map one to one, which is how
/// AWS's OpenTelemetry distribution continues W3C traces through Lambda.
/// See https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
/// </summary>
public static class LambdaTraceHeader
{
    public static string Format(ActivityContext context)
    {
        var traceId = context.TraceId.ToHexString();
        var sampled = context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? 1 : 0;
        return $"Root=1-{traceId[..8]}-{traceId[8..]};Parent={context.SpanId.ToHexString()};Sampled={sampled}";
    }

    public static bool TryParse(string? header, [NotNullWhen(true)] out ActivityContext? context)
    {
        context = null;
        string? root = null, parent = null;
        var sampled = true;
        foreach (var part in (header ?? string.Empty).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }
            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Root": root = value; break;
                case "Parent": parent = value; break;
                case "Sampled": sampled = value != "0"; break;
            }
        }
        if (root is null || parent is null || root.Length != 35 || !root.StartsWith("1-", StringComparison.Ordinal) || root[10] != '-' || parent.Length != 16)
        {
            return false;
        }
        var traceHex = root[2..10] + root[11..];
        if (!IsHex(traceHex) || !IsHex(parent))
        {
            return false;
        }
        context = new ActivityContext(
            ActivityTraceId.CreateFromString(traceHex),
            ActivitySpanId.CreateFromString(parent),
            sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None,
            isRemote: true);
        return true;
    }

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);
}
