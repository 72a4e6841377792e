using System.Diagnostics;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.LocalAws.Sqs;

public class SqsMessageTests(LocalAwsFixture localAws) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonSQSClient _sqs = localAws.CreateSqsClient();

    [Fact]
    public async Task Message_with_string_number_and_binary_attributes_round_trips_with_digests_the_sdk_verifies()
    {
        var url = await _sqs.CreateUniqueQueueAsync("attrs");
        const string body = """{"orderId":"order-1","note":"<b>&</b> é 🚀"}""";
        var sent = await _sqs.SendMessageAsync(new SendMessageRequest(url, body)
        {
            MessageAttributes = new()
            {
                ["kind"] = new MessageAttributeValue { DataType = "String", StringValue = "order-placed" },
                ["total"] = new MessageAttributeValue { DataType = "Number", StringValue = "42.50" },
                ["blob"] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new MemoryStream([0, 1, 2, 255]) },
                ["custom"] = new MessageAttributeValue { DataType = "String.json", StringValue = "{}" },
            },
            MessageSystemAttributes = new()
            {
                ["AWSTraceHeader"] = new MessageSystemAttributeValue { DataType = "String", StringValue = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1" },
            },
        });
        // The SDK already compared these digests with its own; pin them to AWS's documented values as well.
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(body))), sent.MD5OfMessageBody);
        Assert.NotNull(sent.MD5OfMessageAttributes);
        Assert.NotNull(sent.MD5OfMessageSystemAttributes);

        var received = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url));
        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(body, received.Body);
        Assert.Equal(sent.MD5OfMessageBody, received.MD5OfBody);
        Assert.Equal(sent.MD5OfMessageAttributes, received.MD5OfMessageAttributes);
        Assert.Equal("order-placed", received.MessageAttributes["kind"].StringValue);
        Assert.Equal("Number", received.MessageAttributes["total"].DataType);
        Assert.Equal("42.50", received.MessageAttributes["total"].StringValue);
        Assert.Equal([0, 1, 2, 255], received.MessageAttributes["blob"].BinaryValue.ToArray());
        Assert.Equal("String.json", received.MessageAttributes["custom"].DataType);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", received.Attributes["AWSTraceHeader"]);
        Assert.Equal("1", received.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(LocalAwsFixture.Credentials.GetCredentials().AccessKey, received.Attributes["SenderId"]);
        var sentAt = long.Parse(received.Attributes["SentTimestamp"], CultureInfo.InvariantCulture);
        var firstReceive = long.Parse(received.Attributes["ApproximateFirstReceiveTimestamp"], CultureInfo.InvariantCulture);
        Assert.InRange(firstReceive, sentAt, sentAt + 60_000);
    }

    [Fact]
    public async Task Message_attribute_digest_matches_the_value_aws_documents()
    {
        // Digest of {"attr":String "value"} computed by AWS's published algorithm (length-prefixed name, type, transport 1, value).
        var url = await _sqs.CreateUniqueQueueAsync("md5");
        var sent = await _sqs.SendMessageAsync(new SendMessageRequest(url, "body")
        {
            MessageAttributes = new() { ["attr"] = new MessageAttributeValue { DataType = "String", StringValue = "value" } },
        });
        Assert.Equal(ExpectedDigest(("attr", "String", 1, "value"u8.ToArray())), sent.MD5OfMessageAttributes);
        Assert.Equal("841a2d689ad86bd1611447453c22c6fc", sent.MD5OfMessageBody);
    }

    private static string ExpectedDigest(params (string Name, string Type, byte Transport, byte[] Value)[] attributes)
    {
        using var buffer = new MemoryStream();
        void Prefixed(byte[] bytes)
        {
            buffer.Write([(byte)(bytes.Length >> 24), (byte)(bytes.Length >> 16), (byte)(bytes.Length >> 8), (byte)bytes.Length]);
            buffer.Write(bytes);
        }
        foreach (var (name, type, transport, value) in attributes.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            Prefixed(System.Text.Encoding.UTF8.GetBytes(name));
            Prefixed(System.Text.Encoding.UTF8.GetBytes(type));
            buffer.WriteByte(transport);
            Prefixed(value);
        }
        return Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(buffer.ToArray()));
    }

    [Fact]
    public async Task Receive_returns_only_the_message_attributes_asked_for_with_a_matching_digest()
    {
        var url = await _sqs.CreateUniqueQueueAsync("select");
        await _sqs.SendMessageAsync(new SendMessageRequest(url, "body")
        {
            MessageAttributes = new()
            {
                ["order.id"] = new MessageAttributeValue { DataType = "String", StringValue = "1" },
                ["order.total"] = new MessageAttributeValue { DataType = "Number", StringValue = "3" },
                ["other"] = new MessageAttributeValue { DataType = "String", StringValue = "x" },
            },
        });
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MessageAttributeNames = ["order.*"] });
        var message = Assert.Single(response.Messages);
        Assert.Equal(["order.id", "order.total"], message.MessageAttributes.Keys.Order(StringComparer.Ordinal));
        Assert.Null(message.Attributes is { Count: > 0 } ? message.Attributes : null);
    }

    [Fact]
    public async Task Empty_receive_returns_no_messages()
    {
        var url = await _sqs.CreateUniqueQueueAsync("empty");
        var response = await _sqs.ReceiveMessageAsync(url);
        Assert.True(response.Messages is null || response.Messages.Count == 0);
    }

    [Fact]
    public async Task Deleted_message_is_not_received_again()
    {
        var url = await _sqs.CreateUniqueQueueAsync("delete");
        await _sqs.SendMessageAsync(url, "once");
        var message = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url, visibilityTimeout: 0));
        await _sqs.DeleteMessageAsync(url, message.ReceiptHandle);
        Assert.Empty(await _sqs.ReceiveAllAttributesAsync(url));
        // Deleting an already deleted message succeeds, as on AWS.
        await _sqs.DeleteMessageAsync(url, message.ReceiptHandle);
    }

    [Fact]
    public async Task Malformed_receipt_handle_is_receipt_handle_is_invalid()
    {
        var url = await _sqs.CreateUniqueQueueAsync("badhandle");
        var error = await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => _sqs.DeleteMessageAsync(url, "not-a-handle"));
        Assert.Equal("The input receipt handle \"not-a-handle\" is not valid.", error.Message);
        await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => _sqs.ChangeMessageVisibilityAsync(url, "not-a-handle", 10));
    }

    [Fact]
    public async Task Long_poll_returns_as_soon_as_a_message_arrives()
    {
        var url = await _sqs.CreateUniqueQueueAsync("longpoll");
        var clock = Stopwatch.StartNew();
        var receive = _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 20 });
        await Task.Delay(300);
        Assert.False(receive.IsCompleted);
        await _sqs.SendMessageAsync(url, "wake up");
        var response = await receive;
        clock.Stop();
        Assert.Equal("wake up", Assert.Single(response.Messages).Body);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Long_poll_with_nothing_to_receive_waits_the_whole_wait_time()
    {
        var url = await _sqs.CreateUniqueQueueAsync("longempty");
        var clock = Stopwatch.StartNew();
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 1 });
        Assert.True(response.Messages is null || response.Messages.Count == 0);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Queue_wait_time_attribute_makes_receives_long_polls()
    {
        var url = await _sqs.CreateUniqueQueueAsync("queuewait", new() { ["ReceiveMessageWaitTimeSeconds"] = "20" });
        var receive = _sqs.ReceiveMessageAsync(url);
        await Task.Delay(300);
        Assert.False(receive.IsCompleted);
        await _sqs.SendMessageAsync(url, "now");
        Assert.Single((await receive).Messages);
    }

    [Fact]
    public async Task Message_becomes_visible_again_after_its_visibility_timeout_with_receive_count_two()
    {
        var url = await _sqs.CreateUniqueQueueAsync("visibility");
        await _sqs.SendMessageAsync(url, "retry me");
        var first = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url, visibilityTimeout: 1));
        Assert.Empty(await _sqs.ReceiveAllAttributesAsync(url));
        // A long poll wakes when the in-flight message becomes visible again.
        var second = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url, waitSeconds: 10));
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
        Assert.Equal("2", second.Attributes["ApproximateReceiveCount"]);
        Assert.Equal(first.Attributes["ApproximateFirstReceiveTimestamp"], second.Attributes["ApproximateFirstReceiveTimestamp"]);
    }

    [Fact]
    public async Task Change_message_visibility_to_zero_releases_the_message_and_expired_handles_are_rejected()
    {
        var url = await _sqs.CreateUniqueQueueAsync("changevis");
        await _sqs.SendMessageAsync(url, "m");
        var first = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url));
        await _sqs.ChangeMessageVisibilityAsync(url, first.ReceiptHandle, 0);
        var second = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url, visibilityTimeout: 60));
        Assert.Equal("2", second.Attributes["ApproximateReceiveCount"]);

        var stale = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.ChangeMessageVisibilityAsync(url, first.ReceiptHandle, 10));
        Assert.Equal("InvalidParameterValue", stale.ErrorCode);
        var range = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.ChangeMessageVisibilityAsync(url, second.ReceiptHandle, 43_201));
        Assert.Equal("InvalidParameterValue", range.ErrorCode);
        // A stale handle does not delete the message another receiver now holds.
        await _sqs.DeleteMessageAsync(url, first.ReceiptHandle);
        Assert.Equal("1", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessagesNotVisible"))["ApproximateNumberOfMessagesNotVisible"]);
        await _sqs.DeleteMessageAsync(url, second.ReceiptHandle);
        Assert.Equal("0", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessagesNotVisible"))["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task Change_message_visibility_batch_reports_each_entry()
    {
        var url = await _sqs.CreateUniqueQueueAsync("changevisbatch");
        await _sqs.SendMessageAsync(url, "m");
        var message = Assert.Single(await _sqs.ReceiveAllAttributesAsync(url));
        var response = await _sqs.ChangeMessageVisibilityBatchAsync(url,
        [
            new ChangeMessageVisibilityBatchRequestEntry("ok", message.ReceiptHandle) { VisibilityTimeout = 0 },
            new ChangeMessageVisibilityBatchRequestEntry("bad", "garbage") { VisibilityTimeout = 0 },
        ]);
        Assert.Equal("ok", Assert.Single(response.Successful).Id);
        var failed = Assert.Single(response.Failed);
        Assert.Equal(("bad", "ReceiptHandleIsInvalid", true), (failed.Id, failed.Code, failed.SenderFault));
        Assert.Single(await _sqs.ReceiveAllAttributesAsync(url));
    }

    [Fact]
    public async Task Delayed_message_is_counted_as_delayed_until_its_delay_passes()
    {
        var url = await _sqs.CreateUniqueQueueAsync("delay");
        await _sqs.SendMessageAsync(new SendMessageRequest(url, "later") { DelaySeconds = 1 });
        var attributes = await _sqs.AttributesAsync(url);
        Assert.Equal("1", attributes["ApproximateNumberOfMessagesDelayed"]);
        Assert.Equal("0", attributes["ApproximateNumberOfMessages"]);
        Assert.Empty(await _sqs.ReceiveAllAttributesAsync(url));
        Assert.Single(await _sqs.ReceiveAllAttributesAsync(url, waitSeconds: 10));
    }

    [Fact]
    public async Task Send_validates_delay_size_and_attributes()
    {
        var url = await _sqs.CreateUniqueQueueAsync("sendval", new() { ["MaximumMessageSize"] = "1024" });
        var delay = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.SendMessageAsync(new SendMessageRequest(url, "x") { DelaySeconds = 901 }));
        Assert.Equal("Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.", delay.Message);
        var size = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.SendMessageAsync(url, new string('x', 1025)));
        Assert.Equal("One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.", size.Message);
        var number = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.SendMessageAsync(new SendMessageRequest(url, "x")
        {
            MessageAttributes = new() { ["n"] = new MessageAttributeValue { DataType = "Number", StringValue = "abc" } },
        }));
        Assert.Equal("Can't cast the value of message attribute 'n' to a number.", number.Message);
        var reserved = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.SendMessageAsync(new SendMessageRequest(url, "x")
        {
            MessageAttributes = new() { ["AWS.x"] = new MessageAttributeValue { DataType = "String", StringValue = "v" } },
        }));
        Assert.Equal("InvalidParameterValue", reserved.ErrorCode);
        var contents = await Assert.ThrowsAsync<InvalidMessageContentsException>(() => _sqs.SendMessageAsync(url, "bad \u0001 char"));
        Assert.StartsWith("Invalid binary character '#x1' was found in the message body", contents.Message, StringComparison.Ordinal);
        Assert.Equal("0", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"]);
    }

    [Fact]
    public async Task Receive_validates_its_limits()
    {
        var url = await _sqs.CreateUniqueQueueAsync("recval");
        var max = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 11 }));
        Assert.Equal("Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", max.Message);
        var wait = await Assert.ThrowsAsync<AmazonSQSException>(() => _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 21 }));
        Assert.Equal("InvalidParameterValue", wait.ErrorCode);
    }

    [Fact]
    public async Task Send_and_delete_batches_report_successes_and_failures()
    {
        var url = await _sqs.CreateUniqueQueueAsync("batch");
        var sent = await _sqs.SendMessageBatchAsync(url,
        [
            new SendMessageBatchRequestEntry("a", "first") { MessageAttributes = new() { ["k"] = new MessageAttributeValue { DataType = "String", StringValue = "v" } } },
            new SendMessageBatchRequestEntry("b", "second"),
            new SendMessageBatchRequestEntry("c", "third") { DelaySeconds = 901 },
        ]);
        Assert.Equal(["a", "b"], sent.Successful.Select(s => s.Id));
        Assert.NotNull(sent.Successful[0].MD5OfMessageAttributes);
        var failed = Assert.Single(sent.Failed);
        Assert.Equal(("c", "InvalidParameterValue", true), (failed.Id, failed.Code, failed.SenderFault));

        var received = await _sqs.ReceiveAllAttributesAsync(url);
        Assert.Equal(["first", "second"], received.Select(m => m.Body).Order(StringComparer.Ordinal));
        var deleted = await _sqs.DeleteMessageBatchAsync(url,
        [
            new DeleteMessageBatchRequestEntry("x", received[0].ReceiptHandle),
            new DeleteMessageBatchRequestEntry("y", received[1].ReceiptHandle),
            new DeleteMessageBatchRequestEntry("z", "nonsense"),
        ]);
        Assert.Equal(["x", "y"], deleted.Successful.Select(s => s.Id));
        Assert.Equal("ReceiptHandleIsInvalid", Assert.Single(deleted.Failed).Code);
        Assert.Equal("0", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessagesNotVisible"))["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task Batch_entry_ids_are_validated_before_anything_is_sent()
    {
        var url = await _sqs.CreateUniqueQueueAsync("batchids");
        var duplicate = await Assert.ThrowsAsync<BatchEntryIdsNotDistinctException>(() => _sqs.SendMessageBatchAsync(url,
            [new SendMessageBatchRequestEntry("same", "1"), new SendMessageBatchRequestEntry("same", "2")]));
        Assert.Equal("Id same repeated.", duplicate.Message);
        var tooMany = await Assert.ThrowsAsync<TooManyEntriesInBatchRequestException>(() => _sqs.SendMessageBatchAsync(url,
            [.. Enumerable.Range(0, 11).Select(i => new SendMessageBatchRequestEntry($"id{i}", "m"))]));
        Assert.Equal("Maximum number of entries per request are 10. You have sent 11.", tooMany.Message);
        await Assert.ThrowsAsync<InvalidBatchEntryIdException>(() => _sqs.SendMessageBatchAsync(url, [new SendMessageBatchRequestEntry("bad id!", "m")]));
        await Assert.ThrowsAsync<EmptyBatchRequestException>(() => _sqs.DeleteMessageBatchAsync(url, []));
        var tooLong = await Assert.ThrowsAsync<BatchRequestTooLongException>(() => _sqs.SendMessageBatchAsync(url,
            [.. Enumerable.Range(0, 2).Select(i => new SendMessageBatchRequestEntry($"big{i}", new string('x', 600_000)))]));
        Assert.StartsWith("Batch requests cannot be longer than 1048576 bytes.", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal("0", (await _sqs.AttributesAsync(url, "ApproximateNumberOfMessages"))["ApproximateNumberOfMessages"]);
    }

    [Fact]
    public async Task Concurrent_receivers_never_get_the_same_message_within_its_visibility_timeout()
    {
        var url = await _sqs.CreateUniqueQueueAsync("concurrent");
        const int count = 200;
        for (var i = 0; i < count; i += 10)
        {
            await _sqs.SendMessageBatchAsync(url, [.. Enumerable.Range(i, 10).Select(n => new SendMessageBatchRequestEntry($"m{n}", $"message {n}"))]);
        }
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var receivers = Enumerable.Range(0, 8).Select(async _ =>
        {
            while (true)
            {
                var batch = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 10, VisibilityTimeout = 300 });
                if (batch.Messages is not { Count: > 0 })
                {
                    return;
                }
                foreach (var message in batch.Messages)
                {
                    seen.Add(message.MessageId);
                }
            }
        });
        await Task.WhenAll(receivers);
        Assert.Equal(count, seen.Count);
        Assert.Equal(count, seen.Distinct().Count());
    }
}
