using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Sqs;

/// <summary>
/// Queues live in a region, as in AWS: a client signing for one region sees only that region's queues, and the same
/// name in another region is another queue. Queue URLs are path-style, so the caller's region decides which queue a
/// URL names, unless the URL's host names a region as AWS's and LocalStack's endpoints do.
/// </summary>
public class SqsRegionTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    private const string East = "us-east-1";
    private const string West = "eu-west-1";
    private readonly AmazonSQSClient _east = localAws.CreateSqsClient(East);
    private readonly AmazonSQSClient _west = localAws.CreateSqsClient(West);

    private static async Task<string> ArnAsync(IAmazonSQS sqs, string url) => (await sqs.AttributesAsync(url, "QueueArn"))["QueueArn"];

    private static async Task<string> CountAsync(IAmazonSQS sqs, string url) =>
        (await sqs.AttributesAsync(url, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"];

    [Fact]
    public async Task The_same_name_in_two_regions_is_two_independent_queues()
    {
        var name = LocalAwsFixture.UniqueName("twin");
        var eastUrl = (await _east.CreateQueueAsync(new CreateQueueRequest { QueueName = name })).QueueUrl;
        // Attributes that differ from the other region's queue: no QueueAlreadyExists, it is not that queue.
        var westUrl = (await _west.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "45" } })).QueueUrl;
        Assert.Equal(eastUrl, westUrl); // path-style URLs: the caller's region picks the queue

        await _east.SendMessageAsync(eastUrl, "only in the east");
        Assert.Equal("1", await CountAsync(_east, eastUrl));
        Assert.Equal("0", await CountAsync(_west, westUrl));
        Assert.Empty(await _west.ReceiveAllAttributesAsync(westUrl));

        Assert.Equal($"arn:aws:sqs:{East}:000000000000:{name}", await ArnAsync(_east, eastUrl));
        Assert.Equal($"arn:aws:sqs:{West}:000000000000:{name}", await ArnAsync(_west, westUrl));
        Assert.Equal("30", (await _east.AttributesAsync(eastUrl, "VisibilityTimeout"))["VisibilityTimeout"]);
        Assert.Equal("45", (await _west.AttributesAsync(westUrl, "VisibilityTimeout"))["VisibilityTimeout"]);

        await _east.DeleteQueueAsync(eastUrl);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _east.GetQueueUrlAsync(name));
        Assert.Equal(westUrl, (await _west.GetQueueUrlAsync(name)).QueueUrl);
        await _west.SendMessageAsync(westUrl, "the west queue is still there");
        Assert.Equal("the west queue is still there", Assert.Single(await _west.ReceiveAllAttributesAsync(westUrl)).Body);
    }

    [Fact]
    public async Task List_queues_lists_the_callers_region_only_with_its_prefix_and_pages()
    {
        var prefix = LocalAwsFixture.UniqueName("list");
        var eastOnly = (await _east.CreateQueueAsync(prefix + "-a")).QueueUrl;
        var westOnly = (await _west.CreateQueueAsync(prefix + "-b")).QueueUrl;
        var both = (await _east.CreateQueueAsync(prefix + "-c")).QueueUrl;
        await _west.CreateQueueAsync(prefix + "-c");

        Assert.Equal([eastOnly, both], (await _east.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix })).QueueUrls);
        Assert.Equal([westOnly, both], (await _west.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix })).QueueUrls);

        var first = await _west.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 1 });
        Assert.Equal([westOnly], first.QueueUrls);
        var second = await _west.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 1, NextToken = first.NextToken });
        Assert.Equal([both], second.QueueUrls);
        Assert.Null(second.NextToken);
    }

    [Fact]
    public async Task A_queue_of_another_region_does_not_exist_for_the_caller()
    {
        var name = LocalAwsFixture.UniqueName("elsewhere");
        var url = (await _west.CreateQueueAsync(name)).QueueUrl;

        var error = await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _east.GetQueueUrlAsync(name));
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", error.ErrorCode);
        Assert.Equal("The specified queue does not exist.", error.Message);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _east.SendMessageAsync(url, "lost"));
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _east.DeleteQueueAsync(url));
        Assert.Equal("0", await CountAsync(_west, url));
    }

    [Theory]
    [InlineData("https://sqs.eu-west-1.amazonaws.com")]
    [InlineData("https://eu-west-1.queue.amazonaws.com")]
    [InlineData("http://sqs.eu-west-1.localhost.localstack.cloud:4566")]
    [InlineData("http://eu-west-1.queue.localhost.localstack.cloud:4566")]
    public async Task A_queue_url_whose_host_names_a_region_names_that_regions_queue(string origin)
    {
        var name = LocalAwsFixture.UniqueName("hostregion");
        await _east.CreateQueueAsync(name);
        await _west.CreateQueueAsync(name);
        var westByHost = $"{origin}/000000000000/{name}";

        // The client signs for us-east-1; the URL's host says eu-west-1, and the URL wins.
        Assert.Equal($"arn:aws:sqs:{West}:000000000000:{name}", await ArnAsync(_east, westByHost));
        await _east.SendMessageAsync(westByHost, "to the west");
        Assert.Equal("1", await CountAsync(_west, (await _west.GetQueueUrlAsync(name)).QueueUrl));
        Assert.Equal("0", await CountAsync(_east, (await _east.GetQueueUrlAsync(name)).QueueUrl));
    }

    [Fact]
    public async Task A_queue_url_whose_host_names_a_region_without_that_queue_does_not_exist()
    {
        var name = LocalAwsFixture.UniqueName("hostmissing");
        await _east.CreateQueueAsync(name);
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => _east.SendMessageAsync($"https://sqs.{West}.amazonaws.com/000000000000/{name}", "nowhere"));
    }

    private async Task<(string SourceUrl, string DeadLetterUrl, string DeadLetterArn)> CreatePairAsync(IAmazonSQS sqs, string name)
    {
        var deadLetterUrl = (await sqs.CreateQueueAsync(name + "-dlq")).QueueUrl;
        var deadLetterArn = await ArnAsync(sqs, deadLetterUrl);
        var sourceUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new() { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":1}""" },
        })).QueueUrl;
        return (sourceUrl, deadLetterUrl, deadLetterArn);
    }

    [Fact]
    public async Task Dead_letter_redrive_and_message_moves_stay_in_their_region()
    {
        var name = LocalAwsFixture.UniqueName("dlqregion");
        var (eastSource, eastDeadLetters, eastDeadLetterArn) = await CreatePairAsync(_east, name);
        var (westSource, westDeadLetters, _) = await CreatePairAsync(_west, name);

        await _east.SendMessageAsync(eastSource, "poison");
        Assert.Single(await _east.ReceiveAllAttributesAsync(eastSource, visibilityTimeout: 0));
        Assert.Empty(await _east.ReceiveAllAttributesAsync(eastSource, visibilityTimeout: 0));
        var dead = Assert.Single(await _east.ReceiveAllAttributesAsync(eastDeadLetters, visibilityTimeout: 0));
        Assert.Equal(await ArnAsync(_east, eastSource), dead.Attributes["DeadLetterQueueSourceArn"]);
        Assert.Equal("0", await CountAsync(_west, westDeadLetters));

        Assert.Equal([eastSource], (await _east.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = eastDeadLetters })).QueueUrls);
        Assert.Equal([westSource], (await _west.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = westDeadLetters })).QueueUrls);

        await _east.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = eastDeadLetterArn });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await CountAsync(_east, eastSource) != "1" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal("poison", Assert.Single(await _east.ReceiveAllAttributesAsync(eastSource)).Body);
        Assert.Equal("0", await CountAsync(_west, westSource));
        Assert.Empty((await _west.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = await ArnAsync(_west, westDeadLetters) })).Results);
    }

    [Fact]
    public async Task A_message_move_task_is_found_only_in_its_region()
    {
        var name = LocalAwsFixture.UniqueName("taskregion");
        var (eastSource, eastDeadLetters, eastDeadLetterArn) = await CreatePairAsync(_east, name);
        for (var i = 0; i < 5; i++)
        {
            await _east.SendMessageAsync(eastDeadLetters, $"m{i}");
        }
        // One message a second keeps the task running while it is cancelled.
        var handle = (await _east.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest
        {
            SourceArn = eastDeadLetterArn,
            DestinationArn = await ArnAsync(_east, eastSource),
            MaxNumberOfMessagesPerSecond = 1,
        })).TaskHandle;

        await Assert.ThrowsAsync<Amazon.SQS.Model.ResourceNotFoundException>(() => _west.CancelMessageMoveTaskAsync(new CancelMessageMoveTaskRequest { TaskHandle = handle }));
        await _east.CancelMessageMoveTaskAsync(new CancelMessageMoveTaskRequest { TaskHandle = handle });
    }

    [Fact]
    public async Task A_redrive_policy_naming_a_queue_of_another_region_is_refused_as_a_missing_one()
    {
        var deadLetterUrl = (await _west.CreateQueueAsync(LocalAwsFixture.UniqueName("west-dlq"))).QueueUrl;
        var policy = $$"""{"deadLetterTargetArn":"{{await ArnAsync(_west, deadLetterUrl)}}","maxReceiveCount":3}""";

        var creating = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            _east.CreateQueueAsync(new CreateQueueRequest { QueueName = LocalAwsFixture.UniqueName("east-src"), Attributes = new() { ["RedrivePolicy"] = policy } }));
        Assert.Equal("InvalidParameterValue", creating.ErrorCode);
        Assert.Equal($"Value {policy} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.", creating.Message);

        var sourceUrl = (await _east.CreateQueueAsync(LocalAwsFixture.UniqueName("east-src"))).QueueUrl;
        var setting = await Assert.ThrowsAsync<AmazonSQSException>(() =>
            _east.SetQueueAttributesAsync(sourceUrl, new Dictionary<string, string> { ["RedrivePolicy"] = policy }));
        Assert.Equal(("InvalidParameterValue", creating.Message), (setting.ErrorCode, setting.Message));
    }

    /// <summary>A query-protocol form post (as older SDKs and the AWS CLI v1 send) signed for <paramref name="region"/>.</summary>
    private async Task<(System.Net.HttpStatusCode Status, string Body)> QueryAsync(string region, string path, params (string Key, string Value)[] fields)
    {
        using var http = localAws.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))),
        };
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIDQUERY/20260101/{region}/sqs/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_query_protocol_serves_the_region_its_request_is_signed_for()
    {
        var name = LocalAwsFixture.UniqueName("queryregion");
        var created = await QueryAsync(West, "/", ("Action", "CreateQueue"), ("QueueName", name));
        Assert.Equal(System.Net.HttpStatusCode.OK, created.Status);

        var fromEast = await QueryAsync(East, "/", ("Action", "GetQueueUrl"), ("QueueName", name));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, fromEast.Status);
        Assert.Contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>", fromEast.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(name, (await QueryAsync(East, "/", ("Action", "ListQueues"), ("QueueNamePrefix", name))).Body, StringComparison.Ordinal);
        Assert.Contains(name, (await QueryAsync(West, "/", ("Action", "ListQueues"), ("QueueNamePrefix", name))).Body, StringComparison.Ordinal);

        // Posted to the queue's own path, as query-protocol clients do: the signed region picks the queue.
        var path = $"/000000000000/{name}";
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await QueryAsync(East, path, ("Action", "SendMessage"), ("MessageBody", "lost"))).Status);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await QueryAsync(West, path, ("Action", "SendMessage"), ("MessageBody", "kept"))).Status);
        Assert.Equal("1", await CountAsync(_west, (await _west.GetQueueUrlAsync(name)).QueueUrl));
    }

    [Fact]
    public async Task A_message_move_destination_in_another_region_does_not_exist()
    {
        var (_, _, deadLetterArn) = await CreatePairAsync(_east, LocalAwsFixture.UniqueName("movedest"));
        var westArn = await ArnAsync(_west, (await _west.CreateQueueAsync(LocalAwsFixture.UniqueName("west-dest"))).QueueUrl);

        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            _east.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = deadLetterArn, DestinationArn = westArn }));
        Assert.Equal("The resource that you specified for the DestinationArn parameter doesn't exist.", error.Message);
    }
}
