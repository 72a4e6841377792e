using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shop.LocalAws.DynamoDb.State;

/// <summary>
/// Deletes expired items from tables with time to live on, every <see cref="LocalAwsOptions.DynamoDbTimeToLiveSweepSeconds"/>
/// (0 turns it off). DynamoDB deletes them "typically within two days", and until then they still show up in reads;
/// LocalAws keeps that gap short so that expiry can be seen while developing.
/// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
/// </summary>
internal sealed partial class TimeToLiveSweeper(DynamoDbState state, LocalAwsOptions options, ILogger<TimeToLiveSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.DynamoDbTimeToLiveSweepSeconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.DynamoDbTimeToLiveSweepSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var deleted = state.DeleteExpiredItems();
                if (deleted > 0)
                {
                    LogDeleted(deleted);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB time to live: deleted {Count} expired items")]
    private partial void LogDeleted(int count);
}
