namespace Shop.Functions.Aws.SesV2;

/// <summary>
/// The account's sending status: whether it is still in the sandbox and its quota.
/// https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html#API_GetAccount_ResponseSyntax
/// </summary>
public sealed record GetAccountResponse
{
    /// <summary>False while the account is in the sandbox (verified recipients only, 200 messages a day).</summary>
    public bool ProductionAccessEnabled { get; init; }

    public bool SendingEnabled { get; init; }
    public string? EnforcementStatus { get; init; }
    public SendQuota? SendQuota { get; init; }
}

/// <summary>https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendQuota.html</summary>
public sealed record SendQuota
{
    public double Max24HourSend { get; init; }
    public double MaxSendRate { get; init; }
    public double SentLast24Hours { get; init; }
}
