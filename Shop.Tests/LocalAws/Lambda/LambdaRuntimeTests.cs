using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shop.Tests.LocalAws.Lambda;

public sealed class LambdaFunctionsFixture : ServerlessFixture
{
    protected override string Template => $$"""
        Parameters:
          RecordDir: {Type: String}
          Stage: {Type: String, Default: test}
        Resources:
          Echo:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Sub "${Stage}-echo"
              Handler: {{TestAssemblyHandler}}EchoFunction::Handle
              Runtime: dotnet10
              MemorySize: 256
              Timeout: 20
              Environment:
                Variables:
                  GREETING: !Sub "hello from ${AWS::Region}"
                  QUEUE_URL: !Join ["/", ["http://localhost:4566", !Ref "AWS::AccountId", "orders"]]
          Failing:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Sub "${Stage}-failing"
              Handler: {{TestAssemblyHandler}}FailingFunction::Handle
              Runtime: dotnet10
              Timeout: 20
          Sleeping:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Sub "${Stage}-sleeping"
              Handler: {{TestAssemblyHandler}}SleepingFunction::Handle
              Runtime: dotnet10
              Timeout: 4
          Rendezvous:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Sub "${Stage}-rendezvous"
              Handler: {{TestAssemblyHandler}}RendezvousFunction::Handle
              Runtime: dotnet10
              Timeout: 60
          OneAtATime:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Sub "${Stage}-one-at-a-time"
              Handler: {{TestAssemblyHandler}}RendezvousFunction::Handle
              Runtime: dotnet10
              ReservedConcurrentExecutions: 1
              Timeout: 60
          BrokenInit:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Sub "${Stage}-broken-init"
              Handler: {{TestAssemblyHandler}}BrokenInitFunction::Handle
              Runtime: dotnet10
          MissingType:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Sub "${Stage}-missing-type"
              Handler: {{TestAssemblyHandler}}NoSuchFunction::Handle
              Runtime: dotnet10
        """;
}

public class LambdaRuntimeTests(LambdaFunctionsFixture lambda) : IClassFixture<LambdaFunctionsFixture>
{
    [Fact]
    public async Task A_function_runs_in_its_own_process_with_the_variables_Lambda_sets()
    {
        var response = await lambda.InvokeAsync("test-echo", """{"orderId":"o-1"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("o-1", answer["input"]!["orderId"]!.GetValue<string>());
        Assert.NotEqual(Environment.ProcessId, answer["pid"]!.GetValue<int>());
        var environment = answer["environment"]!;
        Assert.Equal("test-echo", environment["AWS_LAMBDA_FUNCTION_NAME"]!.GetValue<string>());
        Assert.Equal(ServerlessFixture.TestAssemblyHandler + "EchoFunction::Handle", environment["_HANDLER"]!.GetValue<string>());
        Assert.Equal("256", environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]!.GetValue<string>());
        Assert.Equal("$LATEST", environment["AWS_LAMBDA_FUNCTION_VERSION"]!.GetValue<string>());
        Assert.Equal("us-east-1", environment["AWS_REGION"]!.GetValue<string>());
        Assert.Equal("us-east-1", environment["AWS_DEFAULT_REGION"]!.GetValue<string>());
        Assert.Equal("AWS_Lambda_dotnet10", environment["AWS_EXECUTION_ENV"]!.GetValue<string>());
        Assert.Equal("/aws/lambda/test-echo", environment["AWS_LAMBDA_LOG_GROUP_NAME"]!.GetValue<string>());
        Assert.Equal($"{lambda.BaseUrl.Authority}/_lambda/test-echo", environment["AWS_LAMBDA_RUNTIME_API"]!.GetValue<string>());
        Assert.Equal("LOCALTESTECHO", environment["AWS_ACCESS_KEY_ID"]!.GetValue<string>());
        Assert.Equal(lambda.BaseUrl.GetLeftPart(UriPartial.Authority), environment["AWS_ENDPOINT_URL"]!.GetValue<string>());
        Assert.StartsWith("Root=1-", environment["_X_AMZN_TRACE_ID"]!.GetValue<string>(), StringComparison.Ordinal);
        // The template's environment, with its intrinsic functions resolved.
        Assert.Equal("hello from us-east-1", environment["GREETING"]!.GetValue<string>());
        Assert.Equal("http://localhost:4566/000000000000/orders", environment["QUEUE_URL"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_invocation_prints_Lambdas_START_END_and_REPORT_lines_with_the_init_duration_once()
    {
        var runner = lambda.Runner("test-echo");
        Assert.Equal(HttpStatusCode.OK, (await lambda.InvokeAsync("test-echo", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lambda.InvokeAsync("test-echo", "{}")).StatusCode);

        var reports = (await WaitForCountAsync(runner, l => l.Contains("REPORT RequestId: ", StringComparison.Ordinal), 2)).ToList();
        Assert.All(reports, r => Assert.Matches(@"Duration: [0-9.]+ ms\tBilled Duration: [0-9]+ ms\tMemory Size: 256 MB\tMax Memory Used: [0-9]+ MB", r));
        Assert.Single(runner.Lines, l => l.Contains("Init Duration: ", StringComparison.Ordinal));
        Assert.Contains(runner.Lines, l => l.Contains("START RequestId: ", StringComparison.Ordinal) && l.Contains("Version: $LATEST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_function_error_is_reported_with_X_Amz_Function_Error_and_the_error_document()
    {
        var response = await lambda.InvokeAsync("test-failing", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("InvalidOperationException", error["errorType"]!.GetValue<string>());
        Assert.Equal("The test function failed on purpose.", error["errorMessage"]!.GetValue<string>());
        Assert.NotEmpty(error["stackTrace"]!.AsArray());
    }

    [Fact]
    public async Task An_invocation_past_its_timeout_fails_as_Lambda_does_and_the_environment_is_replaced()
    {
        var runner = lambda.Runner("test-sleeping");
        var response = await lambda.InvokeAsync("test-sleeping", """{"milliseconds":60000}""");

        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Sandbox.Timedout", error["errorType"]!.GetValue<string>());
        Assert.EndsWith("Task timed out after 4.00 seconds", error["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        await runner.WaitForLineAsync(l => l.Contains("Task timed out after 4.00 seconds", StringComparison.Ordinal));
        await runner.WaitForLineAsync(l => l.Contains("execution environment ended", StringComparison.Ordinal));

        // The next event gets a fresh environment.
        var next = await lambda.InvokeAsync("test-sleeping", """{"milliseconds":10}""");
        Assert.False(next.Headers.Contains("X-Amz-Function-Error"), await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Overlapping_invocations_run_in_separate_environments()
    {
        // Each invocation waits for the other: they meet only if two environments run them at once, however slowly
        // a loaded machine starts the second one.
        var meeting = JsonSerializer.Serialize(new { directory = Path.Combine(lambda.RecordDirectory, "rendezvous-" + Guid.NewGuid().ToString("N")), parties = 2, waitMilliseconds = 45_000 });
        var answers = await Task.WhenAll(lambda.InvokeAsync("test-rendezvous", meeting), lambda.InvokeAsync("test-rendezvous", meeting));

        var pids = new List<int>();
        foreach (var answer in answers)
        {
            var body = await answer.Content.ReadAsStringAsync();
            Assert.False(answer.Headers.Contains("X-Amz-Function-Error"), body);
            var result = JsonNode.Parse(body)!;
            Assert.True(result["met"]!.GetValue<bool>(), body);
            pids.Add(result["pid"]!.GetValue<int>());
        }
        Assert.Equal(2, pids.Distinct().Count());
    }

    [Fact]
    public async Task A_function_with_reserved_concurrency_of_one_runs_overlapping_invocations_one_after_the_other()
    {
        var meeting = JsonSerializer.Serialize(new { directory = Path.Combine(lambda.RecordDirectory, "rendezvous-" + Guid.NewGuid().ToString("N")), parties = 2, waitMilliseconds = 1_000 });
        var answers = await Task.WhenAll(lambda.InvokeAsync("test-one-at-a-time", meeting), lambda.InvokeAsync("test-one-at-a-time", meeting));

        var results = new List<JsonNode>();
        foreach (var answer in answers)
        {
            var body = await answer.Content.ReadAsStringAsync();
            Assert.False(answer.Headers.Contains("X-Amz-Function-Error"), body);
            results.Add(JsonNode.Parse(body)!);
        }
        // The first waited in vain for the second, which only ran once the one environment was free again.
        Assert.Single(results, r => !r["met"]!.GetValue<bool>());
        Assert.Single(results.Select(r => r["pid"]!.GetValue<int>()).Distinct());
    }

    [Fact]
    public async Task A_constructor_that_throws_fails_the_invocation_with_the_init_error()
    {
        var response = await lambda.InvokeAsync("test-broken-init", "{}");

        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("InvalidOperationException", error["errorType"]!.GetValue<string>());
        Assert.Equal("The configuration is missing.", error["errorMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_handler_string_naming_a_missing_type_is_an_init_error()
    {
        var response = await lambda.InvokeAsync("test-missing-type", "{}");

        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Equal("Runtime.TypeNotFound", error["errorType"]!.GetValue<string>());
    }

    private static async Task<IEnumerable<string>> WaitForCountAsync(RunnerProcess runner, Func<string, bool> predicate, int count)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (runner.Lines.Count(predicate) < count && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }
        return runner.Lines.Where(predicate);
    }
}
