using Shop.Bench;
using Shop.Bench.DynamoDb;
using Shop.Bench.S3;
using Shop.Bench.Sqs;

// Side-by-side benchmarks of LocalAws against independent emulators and a do-nothing ceiling.
//   dotnet run -c Release --project bench/Shop.Bench -- dynamodb|sqs|s3|all [--seconds 5] [--callers 16]
var options = BenchOptions.Parse(args);
return options.Suite switch
{
    "dynamodb" => await DynamoDbBenchmark.RunAsync(options),
    "dynamodb-inprocess" => await InProcessProfile.RunAsync(options),
    "sqs" => await SqsBenchmark.RunAsync(options),
    "s3" => await S3Benchmark.RunAsync(options),
    "all" => await RunAllAsync(options),
    "ceiling" => await CeilingServer.RunAsync(options.Port, options.Flags.Contains("--loop-count-threads") ? Shop.LocalAws.Transport.EventLoopTransport.DefaultLoopCount : null),
    "bare-transport" => await BareTransportServer.RunAsync(options.Port),
    "bare-epoll" => await BareEpollServer.RunAsync(options.Port),
    _ => Usage(),
};

static async Task<int> RunAllAsync(BenchOptions options)
{
    var failed = 0;
    foreach (var suite in new Func<BenchOptions, Task<int>>[] { DynamoDbBenchmark.RunAsync, SqsBenchmark.RunAsync, S3Benchmark.RunAsync })
    {
        failed |= await suite(options);
    }
    RatioSummary.Print();
    return failed;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Shop.Bench dynamodb|sqs|s3|all [--seconds N] [--callers N]");
    return 2;
}
