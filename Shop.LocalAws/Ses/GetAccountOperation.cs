using System.Text.Json;

namespace Shop.LocalAws.Ses;

/// <summary>
/// GetAccount: the account as a new SES account starts, in the sandbox (ProductionAccessEnabled false, the sandbox's
/// 200 messages a day at 1 per second). The quota is reported, with the messages sent in the last 24 hours, but not
/// enforced: a developer's test run must not stop at message 201.
/// See https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html
/// </summary>
public sealed class GetAccountOperation(SesState state, TimeProvider clock)
{
    public const int SandboxMax24HourSend = 200;
    public const int SandboxMaxSendRate = 1;

    public void Get(string region, Utf8JsonWriter output)
    {
        var since = clock.GetUtcNow().AddHours(-24);
        var sentLastDay = state.SentMessages().Count(m => m.Region == region && m.Timestamp >= since);
        output.WriteStartObject();
        output.WriteBoolean("DedicatedIpAutoWarmupEnabled", false);
        output.WriteString("EnforcementStatus", "HEALTHY");
        output.WriteBoolean("ProductionAccessEnabled", false);
        output.WriteStartObject("SendQuota");
        output.WriteNumber("Max24HourSend", SandboxMax24HourSend);
        output.WriteNumber("MaxSendRate", SandboxMaxSendRate);
        output.WriteNumber("SentLast24Hours", sentLastDay);
        output.WriteEndObject();
        output.WriteBoolean("SendingEnabled", true);
        output.WriteStartObject("SuppressionAttributes");
        output.WriteStartArray("SuppressedReasons");
        output.WriteEndArray();
        output.WriteEndObject();
        output.WriteEndObject();
    }
}
