using Shop.LocalAws.Sqs.State;

namespace Shop.Tests.LocalAws.Sqs.State;

/// <summary>Queue URLs: which region a host names, and which account and queue the path names, in every form callers send.</summary>
public sealed class SqsQueueUrlTests
{
    [Theory]
    [InlineData("https://sqs.eu-west-1.amazonaws.com/000000000000/orders", "eu-west-1")]
    [InlineData("https://eu-west-1.queue.amazonaws.com/000000000000/orders", "eu-west-1")]
    [InlineData("http://sqs.ap-southeast-2.localhost.localstack.cloud:4566/000000000000/orders", "ap-southeast-2")]
    [InlineData("http://ap-southeast-2.queue.localhost.localstack.cloud:4566/000000000000/orders", "ap-southeast-2")]
    [InlineData("HTTPS://SQS.EU-WEST-1.AMAZONAWS.COM/000000000000/orders", "eu-west-1")]
    [InlineData("https://user@sqs.eu-west-1.amazonaws.com:443/000000000000/orders?x=1", "eu-west-1")]
    [InlineData("http://localhost:4566/000000000000/orders", "")]
    [InlineData("http://127.0.0.1:4566/000000000000/orders", "")]
    [InlineData("http://localaws:4566/000000000000/orders", "")]
    [InlineData("http://[::1]:4566/000000000000/orders", "")]
    [InlineData("https://queue.amazonaws.com/000000000000/orders", "")]
    [InlineData("https://sqs.amazonaws.com/000000000000/orders", "")]
    [InlineData("https://sqs.eu-west-1.example.com/000000000000/orders", "")]
    [InlineData("/000000000000/orders", "")]
    [InlineData("000000000000/orders", "")]
    public void The_host_names_a_region_only_in_the_forms_aws_and_localstack_use(string url, string region)
    {
        Assert.True(SqsQueueUrl.TryParse(url, out var hostRegion, out var account, out var name));
        Assert.Equal((region, "000000000000", "orders"), (hostRegion.ToString(), account.ToString(), name.ToString()));
    }

    [Theory]
    [InlineData("http://localhost:4566//000000000000//orders.fifo", "orders.fifo")]
    [InlineData("http://localhost:4566/000000000000/my%2Dqueue", "my-queue")]
    [InlineData("http://localhost:4566/000000000000/orders#fragment", "orders")]
    public void The_path_names_account_and_queue_whatever_its_slashes_and_escapes(string url, string queue)
    {
        Assert.True(SqsQueueUrl.TryParse(url, out _, out var account, out var name));
        Assert.Equal(("000000000000", queue), (account.ToString(), name.ToString()));
    }

    [Theory]
    [InlineData("http://localhost:4566")]
    [InlineData("http://localhost:4566/000000000000")]
    [InlineData("http://localhost:4566/000000000000/orders/extra")]
    [InlineData("ftp://localhost/000000000000/orders")]
    [InlineData("orders")]
    public void A_url_whose_path_is_not_account_and_name_names_no_queue(string url) =>
        Assert.False(SqsQueueUrl.TryParse(url, out _, out _, out _));
}
