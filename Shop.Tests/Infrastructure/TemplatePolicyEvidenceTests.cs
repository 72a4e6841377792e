using Shop.Tests.Functions.Template;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// The least-privilege comparison on calls recorded from LocalAws's call log (stage "local", LocalAws's account), so
/// the logic is checked independently of the end-to-end run that feeds it.
/// </summary>
public class TemplatePolicyEvidenceTests
{
    private const string Invoices = "shop-local-invoices-000000000000-us-east-1";
    private static readonly TemplatePolicyEvidence Evidence = new(ShopTemplate.Load(), "local", "us-east-1", "000000000000");

    // What processOrder did for one order, as recorded under its access key id.
    private static readonly ObservedCall[] ProcessOrderCalls =
    [
        new("dynamodb", "UpdateItem", "local-Orders"),
        new("dynamodb", "GetItem", "local-Orders"),
        new("ses", "SendEmail", null),
        new("s3", "PutObject", Invoices),
        new("dynamodb", "DeleteItem", "local-Carts"),
        new("dynamodb", "UpdateItem", "local-Carts"),
        new("dynamodb", "UpdateItem", "local-Orders"),
    ];

    [Fact]
    public void Process_orders_role_allows_exactly_what_it_was_seen_doing()
    {
        var comparison = Evidence.Compare("ProcessOrderFunction", ProcessOrderCalls);

        Assert.Empty(comparison.Missing);
        Assert.Empty(comparison.Unused);
    }

    [Fact]
    public void A_grant_that_no_call_used_is_reported_as_unused()
    {
        var comparison = Evidence.Compare("ProcessOrderFunction", ProcessOrderCalls.Where(c => c.Operation != "GetItem"));

        Assert.Equal(["dynamodb:GetItem on arn:aws:dynamodb:us-east-1:000000000000:table/local-Orders"], comparison.Unused);
    }

    [Fact]
    public void A_call_the_role_does_not_allow_is_reported_as_missing()
    {
        var comparison = Evidence.Compare("ProcessOrderFunction", [.. ProcessOrderCalls, new("dynamodb", "Scan", "local-Products"), new("s3", "GetObject", Invoices)]);

        Assert.Equal(
            ["dynamodb:Scan on arn:aws:dynamodb:us-east-1:000000000000:table/local-Products", $"s3:GetObject on arn:aws:s3:::{Invoices}/*"],
            comparison.Missing);
    }

    [Fact]
    public void The_event_source_and_log_permissions_count_as_used_by_AWS_not_by_the_code()
    {
        var grants = Evidence.Grants("ProcessOrderFunction").Select(g => g.Action).ToHashSet();

        Assert.Contains("sqs:ReceiveMessage", grants);
        Assert.Contains("logs:PutLogEvents", grants);
        Assert.Contains("sqs:ReceiveMessage", TemplatePolicyEvidence.UsedByAwsOnTheFunctionsBehalf);
    }

    [Fact]
    public void A_query_recorded_by_table_uses_the_grant_on_its_indexes()
    {
        Assert.True(TemplatePolicyEvidence.Covers("arn:aws:dynamodb:us-east-1:000000000000:table/local-Products/index/*", "arn:aws:dynamodb:us-east-1:000000000000:table/local-Products"));
        Assert.False(TemplatePolicyEvidence.Covers("arn:aws:dynamodb:us-east-1:000000000000:table/local-Orders/index/*", "arn:aws:dynamodb:us-east-1:000000000000:table/local-Products"));
        Assert.True(TemplatePolicyEvidence.Covers($"arn:aws:s3:::{Invoices}/invoices/*", $"arn:aws:s3:::{Invoices}/invoices/o-1.txt"));
        Assert.False(TemplatePolicyEvidence.Covers($"arn:aws:s3:::{Invoices}/invoices/*", $"arn:aws:s3:::{Invoices}/other/o-1.txt"));
    }

    [Fact]
    public void Each_function_is_recognised_by_the_access_key_id_the_local_runtime_gives_it()
    {
        Assert.Equal("local-processOrder", Evidence.FunctionName("ProcessOrderFunction"));
        Assert.Equal("LOCALLOCALPROCESSORDER", TemplatePolicyEvidence.AccessKeyIdFor("local-processOrder"));
        Assert.Equal(9, Evidence.FunctionLogicalIds.Select(id => TemplatePolicyEvidence.AccessKeyIdFor(Evidence.FunctionName(id))).Distinct().Count());
    }
}
