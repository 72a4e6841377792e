using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Deploy;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Deploy;

/// <summary>
/// `redrive-dlq --endpoint-url &lt;LocalAws&gt; --stage local`, rehearsed against LocalAws. The AWS CLI v2 is not on this
/// machine (Debian's awscli 2.9.19 predates sqs start-message-move-task), so the very calls Shop.Deploy makes are
/// answered by the AWS SDK against LocalAws instead of the CLI process: the command's logic, not a fake of it.
/// </summary>
public class RedriveRehearsalTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    [Fact]
    public async Task Redrive_moves_the_dead_letter_queues_messages_back_to_the_order_queue()
    {
        var stage = "r" + Guid.NewGuid().ToString("N")[..12];
        using var sqs = localAws.CreateSqsClient();
        var dlqUrl = (await sqs.CreateQueueAsync($"{stage}-OrderProcessingDLQ")).QueueUrl;
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlqUrl, ["QueueArn"])).QueueARN;
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"{stage}-OrderProcessingQueue",
            Attributes = new() { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"1"}""" },
        })).QueueUrl;
        // Two orders fail their one allowed delivery and move to the dead-letter queue, as processOrder's poison messages do.
        await sqs.SendMessageAsync(queueUrl, """{"orderId":"o-1","userEmail":"a@example.com"}""");
        await sqs.SendMessageAsync(queueUrl, """{"orderId":"o-2","userEmail":"b@example.com"}""");
        for (var attempt = 0; attempt < 20 && await CountAsync(sqs, dlqUrl) < 2; attempt++)
        {
            await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 0 });
        }
        Assert.Equal(2, await CountAsync(sqs, dlqUrl));

        var (options, error) = DeployOptions.Parse(["redrive-dlq", "--stage", stage, "--endpoint-url", localAws.BaseUrl.ToString()]);
        Assert.Null(error);
        var log = new StringWriter();
        var aws = new SdkAwsCli(sqs, log, options!.EndpointUrl);
        new ShopStack(options, aws, log).RedriveDeadLetterQueue();

        var bodies = new List<string>();
        for (var attempt = 0; attempt < 20 && bodies.Count < 2; attempt++)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
            bodies.AddRange((received.Messages ?? []).Select(m => m.Body));
        }
        Assert.Equal(2, bodies.Count);
        Assert.Contains(bodies, b => b.Contains("o-1", StringComparison.Ordinal));
        Assert.Contains("--endpoint-url " + localAws.BaseUrl, aws.Calls[0]);
        Assert.Contains("Redrive started", log.ToString());
    }

    private static async Task<int> CountAsync(IAmazonSQS sqs, string queueUrl) =>
        (await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages"])).ApproximateNumberOfMessages;

    /// <summary>Answers the SQS calls of the redrive with the AWS SDK; any other command is refused, not faked.</summary>
    private sealed class SdkAwsCli(IAmazonSQS sqs, TextWriter log, string? endpointUrl) : AwsCli(log, dryRun: false, region: LocalAwsFixture.Region, endpointUrl)
    {
        protected override string Invoke(string tool, IReadOnlyList<string> arguments, string line)
        {
            string Option(string name) => arguments[arguments.ToList().IndexOf(name) + 1];
            return (tool, arguments[0], arguments[1]) switch
            {
                ("aws", "sqs", "get-queue-url") => sqs.GetQueueUrlAsync(Option("--queue-name")).GetAwaiter().GetResult().QueueUrl,
                ("aws", "sqs", "get-queue-attributes") => sqs.GetQueueAttributesAsync(Option("--queue-url"), [Option("--attribute-names")]).GetAwaiter().GetResult().QueueARN,
                ("aws", "sqs", "start-message-move-task") => sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = Option("--source-arn") }).GetAwaiter().GetResult().TaskHandle,
                _ => throw new NotSupportedException($"The rehearsal answers only the redrive's SQS calls, not `{line}`."),
            };
        }
    }
}
