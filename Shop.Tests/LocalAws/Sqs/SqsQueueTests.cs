using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Sqs;

public class SqsQueueTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonSQSClient _sqs = localAws.CreateSqsClient();

    [Fact]
    public async Task Queue_url_is_built_from_the_callers_host_and_the_account()
    {
        var name = LocalAwsFixture.UniqueName("url");
        var created = await _sqs.CreateQueueAsync(name);
        Assert.Equal($"{localAws.BaseUrl.Scheme}://{localAws.BaseUrl.Authority}/000000000000/{name}", created.QueueUrl);
        var found = await _sqs.GetQueueUrlAsync(name);
        Assert.Equal(created.QueueUrl, found.QueueUrl);
    }

    [Fact]
    public async Task Queue_url_with_another_host_form_still_names_the_queue()
    {
        var url = await _sqs.CreateUniqueQueueAsync("hostform");
        var otherHost = url.Replace(localAws.BaseUrl.Host, "localhost", StringComparison.Ordinal).Replace("http://", "https://", StringComparison.Ordinal);
        await _sqs.SendMessageAsync(otherHost, "hello");
        Assert.Equal("1", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"]);
    }

    [Fact]
    public async Task Create_queue_is_idempotent_when_attributes_are_equal_and_fails_when_they_differ()
    {
        var name = LocalAwsFixture.UniqueName("idem");
        var first = await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "45" } });
        var second = await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "45" } });
        Assert.Equal(first.QueueUrl, second.QueueUrl);
        var error = await Assert.ThrowsAsync<QueueNameExistsException>(() =>
            _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "46" } }));
        Assert.Equal("QueueAlreadyExists", error.ErrorCode);
        Assert.Equal("45", (await _sqs.AttributesAsync(first.QueueUrl, "VisibilityTimeout"))["VisibilityTimeout"]);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("dots.are.not.allowed")]
    [InlineData("this-name-is-far-too-long-for-sqs-because-it-has-more-than-eighty-characters-in-it")]
    public async Task Invalid_queue_names_are_rejected(string name)
    {
        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.CreateQueueAsync(name));
        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Equal("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length", error.Message);
    }

    [Theory]
    [InlineData("VisibilityTimeout", "43201")]
    [InlineData("MessageRetentionPeriod", "59")]
    [InlineData("DelaySeconds", "901")]
    [InlineData("ReceiveMessageWaitTimeSeconds", "21")]
    [InlineData("MaximumMessageSize", "1023")]
    [InlineData("VisibilityTimeout", "soon")]
    public async Task Out_of_range_attributes_are_rejected_and_no_queue_is_created(string attribute, string value)
    {
        var name = LocalAwsFixture.UniqueName("badattr");
        var error = await Assert.ThrowsAsync<InvalidAttributeValueException>(() =>
            _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { [attribute] = value } }));
        Assert.Equal($"Invalid value for the parameter {attribute}.", error.Message);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.GetQueueUrlAsync(name));
    }

    [Fact]
    public async Task Unknown_attribute_names_are_rejected()
    {
        var error = await Assert.ThrowsAsync<InvalidAttributeNameException>(() =>
            _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = LocalAwsFixture.UniqueName("unk"), Attributes = new() { ["Colour"] = "blue" } }));
        Assert.Equal("Unknown Attribute Colour.", error.Message);
        var url = await _sqs.CreateUniqueQueueAsync("unkget");
        await Assert.ThrowsAsync<InvalidAttributeNameException>(() => _sqs.AttributesAsync(url, "Colour"));
    }

    [Fact]
    public async Task Get_queue_attributes_reports_settings_counts_and_arn()
    {
        var url = await _sqs.CreateUniqueQueueAsync("attrs", new() { ["VisibilityTimeout"] = "40", ["DelaySeconds"] = "0", ["MaximumMessageSize"] = "2048" });
        var name = url[(url.LastIndexOf('/') + 1)..];
        await _sqs.SendMessageAsync(url, "one");
        await _sqs.SendMessageAsync(url, "two");
        await _sqs.SendMessageAsync(new SendMessageRequest(url, "later") { DelaySeconds = 600 });
        await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 1 });

        var attributes = await _sqs.AttributesAsync(url);
        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{name}", attributes["QueueArn"]);
        Assert.Equal("1", attributes["ApproximateNumberOfMessages"]);
        Assert.Equal("1", attributes["ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal("1", attributes["ApproximateNumberOfMessagesDelayed"]);
        Assert.Equal("40", attributes["VisibilityTimeout"]);
        Assert.Equal("2048", attributes["MaximumMessageSize"]);
        Assert.Equal("345600", attributes["MessageRetentionPeriod"]);
        Assert.Equal("0", attributes["ReceiveMessageWaitTimeSeconds"]);
        var created = long.Parse(attributes["CreatedTimestamp"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(created, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.False(attributes.ContainsKey("RedrivePolicy"));

        var named = await _sqs.AttributesAsync(url, "QueueArn", "VisibilityTimeout");
        Assert.Equal(["QueueArn", "VisibilityTimeout"], named.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Set_queue_attributes_changes_settings_and_validates_them()
    {
        var url = await _sqs.CreateUniqueQueueAsync("setattr");
        await _sqs.SetQueueAttributesAsync(url, new() { ["VisibilityTimeout"] = "5", ["MessageRetentionPeriod"] = "120" });
        var attributes = await _sqs.AttributesAsync(url);
        Assert.Equal("5", attributes["VisibilityTimeout"]);
        Assert.Equal("120", attributes["MessageRetentionPeriod"]);
        await Assert.ThrowsAsync<InvalidAttributeValueException>(() => _sqs.SetQueueAttributesAsync(url, new() { ["VisibilityTimeout"] = "-1" }));
        Assert.Equal("5", (await _sqs.AttributesAsync(url, "VisibilityTimeout"))["VisibilityTimeout"]);
    }

    [Fact]
    public async Task List_queues_filters_by_prefix_and_pages()
    {
        var prefix = LocalAwsFixture.UniqueName("list");
        var urls = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            urls.Add((await _sqs.CreateQueueAsync($"{prefix}-{i}")).QueueUrl);
        }
        var all = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix });
        Assert.Equal(urls, all.QueueUrls);
        Assert.Null(all.NextToken);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 2, NextToken = token });
            Assert.InRange(page.QueueUrls.Count, 1, 2);
            seen.AddRange(page.QueueUrls);
            token = page.NextToken;
        }
        while (token is not null);
        Assert.Equal(urls, seen);

        var none = await _sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix + "-nothing" });
        Assert.True(none.QueueUrls is null || none.QueueUrls.Count == 0);
    }

    [Fact]
    public async Task Deleted_queue_is_gone_with_its_messages()
    {
        var url = await _sqs.CreateUniqueQueueAsync("del");
        await _sqs.SendMessageAsync(url, "bye");
        await _sqs.DeleteQueueAsync(url);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.SendMessageAsync(url, "again"));
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.DeleteQueueAsync(url));
    }

    [Fact]
    public async Task Unknown_queue_is_queue_does_not_exist_for_every_queue_operation()
    {
        var url = $"{localAws.BaseUrl}000000000000/{LocalAwsFixture.UniqueName("ghost")}";
        var error = await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.GetQueueAttributesAsync(url, ["All"]));
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", error.ErrorCode);
        Assert.Equal("The specified queue does not exist.", error.Message);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.ReceiveMessageAsync(url));
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.PurgeQueueAsync(url));
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _sqs.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = url }));
    }

    [Fact]
    public async Task Tags_are_added_listed_and_removed()
    {
        var name = LocalAwsFixture.UniqueName("tags");
        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Tags = new() { ["team"] = "orders" } })).QueueUrl;
        await _sqs.TagQueueAsync(new TagQueueRequest { QueueUrl = url, Tags = new() { ["env"] = "local" } });
        var tags = await _sqs.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = url });
        Assert.Equal(new Dictionary<string, string> { ["env"] = "local", ["team"] = "orders" }, tags.Tags);
        await _sqs.UntagQueueAsync(new UntagQueueRequest { QueueUrl = url, TagKeys = ["team"] });
        tags = await _sqs.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = url });
        Assert.Equal(new Dictionary<string, string> { ["env"] = "local" }, tags.Tags);
    }

    [Fact]
    public async Task Purge_removes_every_message_and_a_second_purge_within_a_minute_fails()
    {
        var url = await _sqs.CreateUniqueQueueAsync("purge");
        await _sqs.SendMessageAsync(url, "a");
        await _sqs.SendMessageAsync(url, "b");
        await _sqs.PurgeQueueAsync(url);
        Assert.Equal("0", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"]);
        var error = await Assert.ThrowsAsync<PurgeQueueInProgressException>(() => _sqs.PurgeQueueAsync(url));
        Assert.Equal("AWS.SimpleQueueService.PurgeQueueInProgress", error.ErrorCode);
    }

    [Fact]
    public async Task Redrive_policy_must_name_an_existing_queue()
    {
        var policy = """{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:no-such-dlq","maxReceiveCount":3}""";
        var error = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = LocalAwsFixture.UniqueName("redrive"), Attributes = new() { ["RedrivePolicy"] = policy } }));
        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.EndsWith("Reason: Dead letter target does not exist.", error.Message, StringComparison.Ordinal);
    }
}
