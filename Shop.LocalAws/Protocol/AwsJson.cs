using System.Text.Encodings.Web;
using System.Text.Json;

namespace Shop.LocalAws.Protocol;

/// <summary>How LocalAws writes the JSON of AWS's JSON protocols (DynamoDB, SES v2).</summary>
internal static class AwsJson
{
    /// <summary>
    /// AWS's JSON escapes only what JSON requires: quotes, backslashes and control characters. Apostrophes, "+", "&lt;"
    /// and non-ASCII text go out as they are. .NET's default encoder would send "\u0027" in every DynamoDB constraint
    /// message and "\u00E9" in every item or email subject with an accent: a client decodes both, a person reading the
    /// wire with curl or the AWS CLI's --debug does not.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
