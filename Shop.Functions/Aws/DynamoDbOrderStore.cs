using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Functions.Carts;
using Shop.Functions.Orders;
using static Shop.Functions.Aws.DynamoDbValues;

namespace Shop.Functions.Aws;

/// <summary>
/// The Orders table (key orderId) and its ByUser index (userId, createdAt). Status changes and processing steps are
/// conditional updates: on the status for transitions, on the holder's lease id for steps. Functions that never list
/// orders have no index name in their environment and pass null.
/// </summary>
public sealed class DynamoDbOrderStore(IAmazonDynamoDB dynamoDb, string tableName, string? byUserIndex) : IOrderStore
{
    private static readonly Dictionary<string, string> StatusName = new() { ["#status"] = "status" };

    public async Task<bool> TryCreateAsync(Order order, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = ToItem(order),
                ConditionExpression = "attribute_not_exists(orderId)",
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task DeletePendingAsync(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = tableName,
                Key = Key(orderId),
                ConditionExpression = "#status = :pending AND attribute_not_exists(leaseId)",
                ExpressionAttributeNames = StatusName,
                ExpressionAttributeValues = new() { [":pending"] = S(StatusText(OrderStatus.Pending)) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Already being processed (a retry queued it meanwhile): keep it.
        }
    }

    public async Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        if (!IdText.CouldBeId(orderId))
        {
            return null; // DynamoDB would refuse the key as too large
        }
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = Key(orderId),
            ConsistentRead = true,
        }, cancellationToken);
        return Exists(response.Item) ? ToOrder(response.Item) : null;
    }

    public async Task<IReadOnlyList<Order>> ListForUserAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            IndexName = byUserIndex ?? throw new InvalidOperationException("This function has no ORDERS_BY_USER_INDEX to list orders with."),
            KeyConditionExpression = "userId = :user",
            ExpressionAttributeValues = new() { [":user"] = S(userId) },
            ScanIndexForward = false,
            Limit = limit,
        }, cancellationToken);
        return (response.Items ?? []).Select(ToOrder).ToList();
    }

    public Task<bool> TryLeaseAsync(string orderId, string leaseId, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        TryUpdateAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(orderId),
            UpdateExpression = "SET leaseId = :lease, leaseExpiresAt = :expires",
            ConditionExpression = "attribute_exists(orderId) AND #status IN (:pending, :failed) "
                + "AND (attribute_not_exists(leaseId) OR leaseExpiresAt < :now)",
            ExpressionAttributeNames = StatusName,
            ExpressionAttributeValues = new()
            {
                [":lease"] = S(leaseId),
                [":expires"] = N(expiresAt.ToUnixTimeMilliseconds()),
                [":now"] = N(now.ToUnixTimeMilliseconds()),
                [":pending"] = S(StatusText(OrderStatus.Pending)),
                [":failed"] = S(StatusText(OrderStatus.Failed)),
            },
        }, cancellationToken);

    public async Task RecordStepAsync(string orderId, string leaseId, OrderStep step, DateTimeOffset at, string? detail, CancellationToken cancellationToken)
    {
        var (timeAttribute, detailAttribute) = step switch
        {
            OrderStep.PaymentRecorded => ("paymentRecordedAt", null),
            OrderStep.EmailSent => ("emailSentAt", "emailMessageId"),
            OrderStep.InvoiceWritten => ("invoiceWrittenAt", "invoiceKey"),
            OrderStep.CartCleared => ("cartClearedAt", (string?)null),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
        };
        var values = new Dictionary<string, AttributeValue> { [":lease"] = S(leaseId), [":at"] = Time(at) };
        var update = $"SET {timeAttribute} = :at";
        if (detailAttribute is not null && detail is not null)
        {
            update += $", {detailAttribute} = :detail";
            values[":detail"] = S(detail);
        }
        if (!await TryUpdateAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(orderId),
            UpdateExpression = update,
            ConditionExpression = "leaseId = :lease",
            ExpressionAttributeValues = values,
        }, cancellationToken))
        {
            throw new InvalidOperationException($"The lease on order {orderId} was lost before step {step} was recorded.");
        }
    }

    public async Task CompleteAsync(string orderId, string leaseId, DateTimeOffset processedAt, CancellationToken cancellationToken)
    {
        if (!await TryUpdateAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(orderId),
            UpdateExpression = "SET #status = :processed, processedAt = :at REMOVE leaseId, leaseExpiresAt, failedAt, failureReason",
            ConditionExpression = "leaseId = :lease AND #status IN (:pending, :failed)",
            ExpressionAttributeNames = StatusName,
            ExpressionAttributeValues = new()
            {
                [":lease"] = S(leaseId),
                [":at"] = Time(processedAt),
                [":processed"] = S(StatusText(OrderStatus.Processed)),
                [":pending"] = S(StatusText(OrderStatus.Pending)),
                [":failed"] = S(StatusText(OrderStatus.Failed)),
            },
        }, cancellationToken))
        {
            throw new InvalidOperationException($"The lease on order {orderId} was lost before it was completed.");
        }
    }

    public Task MarkFailedAsync(string orderId, string? leaseId, string reason, DateTimeOffset failedAt, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":failed"] = S(StatusText(OrderStatus.Failed)),
            [":pending"] = S(StatusText(OrderStatus.Pending)),
            [":at"] = Time(failedAt),
            [":reason"] = S(reason.Length > 500 ? reason[..500] : reason),
        };
        var condition = "#status IN (:pending, :failed)";
        if (leaseId is not null)
        {
            condition += " AND (attribute_not_exists(leaseId) OR leaseId = :lease)";
            values[":lease"] = S(leaseId);
        }
        return TryUpdateAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(orderId),
            UpdateExpression = "SET #status = :failed, failedAt = :at, failureReason = :reason REMOVE leaseId, leaseExpiresAt",
            ConditionExpression = condition,
            ExpressionAttributeNames = StatusName,
            ExpressionAttributeValues = values,
        }, cancellationToken);
    }

    public Task ReleaseLeaseAsync(string orderId, string leaseId, CancellationToken cancellationToken) =>
        TryUpdateAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(orderId),
            UpdateExpression = "REMOVE leaseId, leaseExpiresAt",
            ConditionExpression = "leaseId = :lease",
            ExpressionAttributeValues = new() { [":lease"] = S(leaseId) },
        }, cancellationToken);

    private async Task<bool> TryUpdateAsync(UpdateItemRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(request, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> Key(string orderId) => new() { ["orderId"] = S(orderId) };

    internal static string StatusText(OrderStatus status) => status switch
    {
        OrderStatus.Pending => "PENDING",
        OrderStatus.Processed => "PROCESSED",
        OrderStatus.Failed => "FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static OrderStatus ParseStatus(string text) => text switch
    {
        "PENDING" => OrderStatus.Pending,
        "PROCESSED" => OrderStatus.Processed,
        "FAILED" => OrderStatus.Failed,
        _ => throw new InvalidDataException($"Unknown order status '{text}'."),
    };

    private static Dictionary<string, AttributeValue> ToItem(Order order) => new()
    {
        ["orderId"] = S(order.OrderId),
        ["userId"] = S(order.UserId),
        ["email"] = S(order.Email),
        ["status"] = S(StatusText(order.Status)),
        ["items"] = new AttributeValue
        {
            L = order.Items.Select(item => new AttributeValue
            {
                M = new()
                {
                    ["productId"] = S(item.ProductId),
                    ["name"] = S(item.Name),
                    ["unitPrice"] = N(item.UnitPrice),
                    ["quantity"] = N(item.Quantity),
                    ["lineTotal"] = N(item.LineTotal),
                },
            }).ToList(),
        },
        ["total"] = N(order.Total),
        ["currency"] = S(order.Currency),
        ["shipping"] = new AttributeValue
        {
            M = new()
            {
                ["name"] = S(order.Shipping.Name),
                ["line1"] = S(order.Shipping.Line1),
                ["city"] = S(order.Shipping.City),
                ["postalCode"] = S(order.Shipping.PostalCode),
                ["country"] = S(order.Shipping.Country),
            },
        },
        ["createdAt"] = Time(order.CreatedAt),
    };

    private static Order ToOrder(Dictionary<string, AttributeValue> item)
    {
        var shipping = item.TryGetValue("shipping", out var s) && s.M is not null ? s.M : [];
        var lines = item.TryGetValue("items", out var l) && l.L is not null ? l.L : [];
        return new Order
        {
            OrderId = item.String("orderId"),
            UserId = item.String("userId"),
            Email = item.String("email"),
            Status = ParseStatus(item.String("status")),
            Items = lines.Select(line => new LineItem
            {
                ProductId = line.M.String("productId"),
                Name = line.M.String("name"),
                UnitPrice = line.M.Decimal("unitPrice"),
                Quantity = line.M.Int("quantity"),
                LineTotal = line.M.Decimal("lineTotal"),
            }).ToList(),
            Total = item.Decimal("total"),
            Currency = item.String("currency"),
            Shipping = new ShippingAddress
            {
                Name = shipping.String("name"),
                Line1 = shipping.String("line1"),
                City = shipping.String("city"),
                PostalCode = shipping.String("postalCode"),
                Country = shipping.String("country"),
            },
            CreatedAt = item.Time("createdAt"),
            ProcessedAt = item.OptionalTime("processedAt"),
            FailedAt = item.OptionalTime("failedAt"),
            FailureReason = item.OptionalString("failureReason"),
            PaymentRecordedAt = item.OptionalTime("paymentRecordedAt"),
            EmailSentAt = item.OptionalTime("emailSentAt"),
            InvoiceKey = item.OptionalString("invoiceKey"),
            CartClearedAt = item.OptionalTime("cartClearedAt"),
        };
    }
}
