using Shop.Bench;
using Shop.Bench.DynamoDb;

// Side-by-side benchmarks of LocalAws against independent emulators and a do-nothing ceiling.
//   dotnet run -c Release --project bench/Shop.Bench -- dynamodb [--seconds 5] [--callers 16]
var options = BenchOptions.Parse(args);
return options.Suite switch
{
    "dynamodb" => await DynamoDbBenchmark.RunAsync(options),
    "ceiling" => await CeilingServer.RunAsync(options.Port),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Shop.Bench dynamodb [--seconds N] [--callers N]");
    return 2;
}
