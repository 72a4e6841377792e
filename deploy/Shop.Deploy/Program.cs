using Shop.Deploy;

// Deploys the shop to real AWS with CloudFormation, tears it down, or redrives the dead-letter queue.
// Run `dotnet run --project deploy/Shop.Deploy -- --help` for the commands.
var (options, error) = DeployOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(error is null ? DeployOptions.Usage : $"{error}{Environment.NewLine}{Environment.NewLine}{DeployOptions.Usage}");
    return error is null ? 0 : 2;
}

options = options with { RepositoryRoot = FindRepositoryRoot() };
var aws = new AwsCli(Console.Out, options.DryRun, options.Region, options.EndpointUrl);
var stack = new ShopStack(options, aws, Console.Out);
try
{
    switch (options.Command)
    {
        case "up": stack.Up(); break;
        case "down": stack.Down(); break;
        default: stack.RedriveDeadLetterQueue(); break;
    }
    return 0;
}
catch (Exception e) when (e is CommandFailedException or InvalidOperationException or System.ComponentModel.Win32Exception)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Shop.sln")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Run this from inside the shop's repository (Shop.sln not found).");
}
