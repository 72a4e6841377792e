using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Tests.Infrastructure;
using static Shop.Tests.LocalAws.DynamoDb.DynamoDbTestTables;

namespace Shop.Tests.LocalAws.DynamoDb;

public sealed class DynamoDbQueryTests(LocalAwsFixture fixture) : IClassFixture<LocalAwsFixture>
{
    private readonly AmazonDynamoDBClient _client = fixture.CreateDynamoDbClient();

    [Fact]
    public async Task Select_SPECIFIC_ATTRIBUTES_without_a_projection_is_refused_in_DynamoDBs_words()
    {
        var name = await SeedAsync(count: 1);

        var query = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("user#1") },
            Select = Select.SPECIFIC_ATTRIBUTES,
        }));
        var scan = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.ScanAsync(new ScanRequest { TableName = name, Select = Select.SPECIFIC_ATTRIBUTES }));
        var projected = await _client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("user#1") },
            Select = Select.SPECIFIC_ATTRIBUTES,
            ProjectionExpression = "sk",
        });

        Assert.Equal("1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES", query.Message);
        Assert.Equal("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES", scan.Message);
        Assert.Equal("sk", Assert.Single(Assert.Single(projected.Items)).Key);
    }

    private async Task<string> SeedAsync(int count = 10)
    {
        var name = await CreateCompositeAsync(_client, "query", gsiProjection: ProjectionType.KEYS_ONLY);
        for (var i = 0; i < count; i++)
        {
            await _client.PutItemAsync(name, new()
            {
                ["pk"] = S("user#1"),
                ["sk"] = S($"order#{i:D2}"),
                ["gsi_pk"] = S(i % 2 == 0 ? "even" : "odd"),
                ["gsi_sk"] = N(i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ["lsi_sk"] = N((100 - i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ["total"] = N((i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            });
        }
        await _client.PutItemAsync(name, new() { ["pk"] = S("user#2"), ["sk"] = S("order#00") });
        return name;
    }

    [Fact]
    public async Task Query_returns_one_partition_in_sort_key_order_and_reverse()
    {
        var name = await SeedAsync();

        var forward = await _client.QueryAsync(new QueryRequest { TableName = name, KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = S("user#1") } });
        var backward = await _client.QueryAsync(new QueryRequest { TableName = name, KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = S("user#1") }, ScanIndexForward = false });

        Assert.Equal(10, forward.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"order#{i:D2}"), forward.Items.Select(i => i["sk"].S));
        Assert.Equal(forward.Items.Select(i => i["sk"].S).Reverse(), backward.Items.Select(i => i["sk"].S));
    }

    [Theory]
    [InlineData("pk = :p AND sk < :a", 3)]
    [InlineData("pk = :p AND sk <= :a", 4)]
    [InlineData("pk = :p AND sk > :a", 6)]
    [InlineData("pk = :p AND sk >= :a", 7)]
    [InlineData("pk = :p AND sk BETWEEN :a AND :b", 3)]
    [InlineData("pk = :p AND begins_with(sk, :prefix)", 10)]
    public async Task Sort_key_conditions_select_a_range(string condition, int expected)
    {
        var name = await SeedAsync();
        var values = new Dictionary<string, AttributeValue> { [":p"] = S("user#1") };
        if (condition.Contains(":a", StringComparison.Ordinal))
        {
            values[":a"] = S("order#03");
        }
        if (condition.Contains(":b", StringComparison.Ordinal))
        {
            values[":b"] = S("order#05");
        }
        if (condition.Contains(":prefix", StringComparison.Ordinal))
        {
            values[":prefix"] = S("order#");
        }

        var result = await _client.QueryAsync(new QueryRequest { TableName = name, KeyConditionExpression = condition, ExpressionAttributeValues = values });

        Assert.Equal(expected, result.Count);
    }

    [Fact]
    public async Task Count_is_after_the_filter_and_ScannedCount_before_it()
    {
        var name = await SeedAsync();

        var result = await _client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            FilterExpression = "#t >= :min",
            ExpressionAttributeNames = new() { ["#t"] = "total" },
            ExpressionAttributeValues = new() { [":p"] = S("user#1"), [":min"] = N("50") },
            Select = Select.COUNT,
        });

        Assert.Equal(5, result.Count);
        Assert.Equal(10, result.ScannedCount);
        Assert.True(result.Items is null or { Count: 0 });
    }

    [Fact]
    public async Task Pages_follow_LastEvaluatedKey_until_the_end()
    {
        var name = await SeedAsync();
        var seen = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        var pages = 0;
        do
        {
            var page = await _client.QueryAsync(new QueryRequest
            {
                TableName = name,
                KeyConditionExpression = "pk = :p",
                ExpressionAttributeValues = new() { [":p"] = S("user#1") },
                Limit = 4,
                ExclusiveStartKey = start,
            });
            pages++;
            seen.AddRange(page.Items.Select(i => i["sk"].S));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            if (start is not null)
            {
                Assert.Equal(["pk", "sk"], start.Keys.Order());
            }
        }
        while (start is not null);

        // 4 + 4 + 2: the last page is short, so it has no LastEvaluatedKey.
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"order#{i:D2}"), seen);
    }

    [Fact]
    public async Task A_global_index_query_returns_projected_items_and_an_index_LastEvaluatedKey()
    {
        var name = await SeedAsync();

        var page = await _client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-gsi",
            KeyConditionExpression = "gsi_pk = :g AND gsi_sk > :min",
            ExpressionAttributeValues = new() { [":g"] = S("even"), [":min"] = N("2") },
            Limit = 2,
        });

        Assert.Equal([4m, 6m], page.Items.Select(i => decimal.Parse(i["gsi_sk"].N, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["gsi_pk", "gsi_sk", "pk", "sk"], page.Items[0].Keys.Order());
        Assert.Equal(["gsi_pk", "gsi_sk", "pk", "sk"], page.LastEvaluatedKey.Keys.Order());

        var next = await _client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-gsi",
            KeyConditionExpression = "gsi_pk = :g AND gsi_sk > :min",
            ExpressionAttributeValues = new() { [":g"] = S("even"), [":min"] = N("2") },
            ExclusiveStartKey = page.LastEvaluatedKey,
        });
        Assert.Equal("8", Assert.Single(next.Items)["gsi_sk"].N);
    }

    [Fact]
    public async Task A_local_index_orders_by_its_own_sort_key_and_can_fetch_all_attributes()
    {
        var name = await SeedAsync();

        var result = await _client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "by-lsi",
            KeyConditionExpression = "pk = :p AND lsi_sk >= :min",
            ExpressionAttributeValues = new() { [":p"] = S("user#1"), [":min"] = N("98") },
            Select = Select.ALL_ATTRIBUTES,
        });

        Assert.Equal(["order#02", "order#01", "order#00"], result.Items.Select(i => i["sk"].S));
        Assert.True(result.Items.All(i => i.ContainsKey("total")));
    }

    [Fact]
    public async Task A_missing_index_is_a_ValidationException()
    {
        var name = await SeedAsync(1);

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => _client.QueryAsync(new QueryRequest
        {
            TableName = name,
            IndexName = "nope",
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("user#1") },
        }));

        Assert.Equal("The table does not have the specified index: nope", error.Message);
    }

    [Fact]
    public async Task Scan_segments_together_see_every_item_once()
    {
        var name = await CreateSimpleAsync(_client, "scan");
        var ids = Enumerable.Range(0, 60).Select(i => $"item-{i}").ToList();
        await Parallel.ForEachAsync(ids, async (id, _) => await _client.PutItemAsync(name, new() { ["id"] = S(id), ["odd"] = new() { BOOL = id.Length % 2 == 1 } }));

        var seen = new List<string>();
        for (var segment = 0; segment < 4; segment++)
        {
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await _client.ScanAsync(new ScanRequest { TableName = name, Segment = segment, TotalSegments = 4, Limit = 7, ExclusiveStartKey = start });
                seen.AddRange(page.Items.Select(i => i["id"].S));
                start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);
        }

        Assert.Equal(ids.Order(), seen.Order());
    }

    [Fact]
    public async Task Rewriting_items_keeps_their_scan_order()
    {
        var name = await CreateSimpleAsync(_client, "rewrite");
        var ids = Enumerable.Range(0, 30).Select(i => $"item-{i}").ToList();
        foreach (var id in ids)
        {
            await _client.PutItemAsync(name, new() { ["id"] = S(id), ["version"] = N("1") });
        }
        var before = (await _client.ScanAsync(new ScanRequest { TableName = name })).Items.Select(i => i["id"].S).ToList();

        foreach (var id in ids)
        {
            await _client.PutItemAsync(name, new() { ["id"] = S(id), ["version"] = N("2") });
        }
        var after = await _client.ScanAsync(new ScanRequest { TableName = name });

        Assert.Equal(before, after.Items.Select(i => i["id"].S));
        Assert.All(after.Items, item => Assert.Equal("2", item["version"].N));
    }

    [Fact]
    public async Task An_index_follows_an_item_rewritten_with_another_index_key_or_none()
    {
        var name = await SeedAsync(4);
        await _client.PutItemAsync(name, new() { ["pk"] = S("user#1"), ["sk"] = S("order#00"), ["gsi_pk"] = S("odd"), ["gsi_sk"] = N("0") });
        await _client.PutItemAsync(name, new() { ["pk"] = S("user#1"), ["sk"] = S("order#02") });

        async Task<List<string>> SortKeysAsync(string gsiPk) =>
            [.. (await _client.QueryAsync(new QueryRequest { TableName = name, IndexName = "by-gsi", KeyConditionExpression = "gsi_pk = :g", ExpressionAttributeValues = new() { [":g"] = S(gsiPk) } })).Items.Select(i => i["sk"].S)];

        Assert.Empty(await SortKeysAsync("even"));
        Assert.Equal(["order#00", "order#01", "order#03"], await SortKeysAsync("odd"));
        var table = await _client.DescribeTableAsync(name);
        Assert.Equal(5, table.Table.ItemCount);
        Assert.Equal(3, table.Table.GlobalSecondaryIndexes.Single().ItemCount);
    }

    [Fact]
    public async Task Scan_filters_and_projects()
    {
        var name = await SeedAsync();

        var result = await _client.ScanAsync(new ScanRequest
        {
            TableName = name,
            FilterExpression = "attribute_exists(#t) AND #t < :max",
            ProjectionExpression = "sk, #t",
            ExpressionAttributeNames = new() { ["#t"] = "total" },
            ExpressionAttributeValues = new() { [":max"] = N("30") },
        });

        Assert.Equal(3, result.Count);
        Assert.Equal(11, result.ScannedCount);
        Assert.All(result.Items, i => Assert.Equal(["sk", "total"], i.Keys.Order()));
    }

    [Fact]
    public async Task A_page_stops_after_one_megabyte_and_the_next_page_continues()
    {
        var name = await CreateCompositeAsync(_client, "mb");
        for (var i = 0; i < 12; i++)
        {
            await _client.PutItemAsync(name, new() { ["pk"] = S("big"), ["sk"] = S($"{i:D2}"), ["blob"] = S(new string('x', 100 * 1024)) });
        }

        var first = await _client.QueryAsync(new QueryRequest { TableName = name, KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = S("big") } });
        var second = await _client.QueryAsync(new QueryRequest { TableName = name, KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = S("big") }, ExclusiveStartKey = first.LastEvaluatedKey });

        Assert.InRange(first.Count ?? 0, 10, 11);
        Assert.Equal(first.Items[^1]["sk"].S, first.LastEvaluatedKey["sk"].S);
        Assert.Equal(12, first.Count + second.Count);
        Assert.True(second.LastEvaluatedKey is null or { Count: 0 });
    }

    [Fact]
    public async Task Query_consumed_capacity_counts_the_items_read()
    {
        var name = await SeedAsync();

        var result = await _client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("user#1") },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            ConsistentRead = true,
        });

        // Ten small items are well under 4 KB together: one read unit for a consistent read.
        Assert.Equal(1, result.ConsumedCapacity.CapacityUnits);
    }
}
