namespace Shop.LocalAws;

/// <summary>How one LocalAws process is set up. Bound from the command line and configuration section "LocalAws".</summary>
public sealed class LocalAwsOptions
{
    /// <summary>LocalStack's edge port, so <c>--endpoint-url http://localhost:4566</c> habits carry over.</summary>
    public const int DefaultPort = 4566;

    /// <summary>Port to listen on; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Address to bind; loopback by default so nothing is exposed beyond this machine.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>When set, every acknowledged write is journaled here and replayed on start. When null, state lives in memory only.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The default of <see cref="JournalCompactionBytes"/>: 4 MiB.</summary>
    public const long DefaultJournalCompactionBytes = 4 * 1024 * 1024;

    /// <summary>
    /// With a data directory, a service's journal is rewritten as a snapshot of its live state once it is past this
    /// size and twice its size after the last rewrite (<c>LocalAws:JournalCompactionBytes</c>).
    /// </summary>
    public long JournalCompactionBytes { get; set; } = DefaultJournalCompactionBytes;

    /// <summary>The region reported in ARNs and queue URLs when a request names none.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The account id in ARNs and queue URLs (LocalStack's and moto's convention).</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>
    /// Where provisioning and the SQS event sources send their AWS calls. Null means LocalAws itself; the AppHost sets
    /// it to LocalStack's http://localhost:4566 when LocalStack is the backend and LocalAws only runs Lambda, the HTTP API
    /// and event sources.
    /// </summary>
    public string? AwsBackendUrl { get; set; }

    /// <summary>A CloudFormation template whose resources are provisioned at start (<c>--template</c>); null provisions nothing.</summary>
    public string? TemplatePath { get; set; }

    /// <summary>Template parameter values, <c>Key=Value,Key2=Value2</c> (<c>--parameters</c>).</summary>
    public string? TemplateParameters { get; set; }

    /// <summary>
    /// Whether DynamoDB's requests may be served by the <see cref="Protocol.JsonFastPath"/>, below Kestrel's HTTP server
    /// (<c>LocalAws:JsonFastPath</c>). It never serves a request while request telemetry is collected.
    /// </summary>
    public bool JsonFastPath { get; set; } = true;

    /// <summary>
    /// Whether, on Linux, LocalAws's own <see cref="Transport.EventLoop"/> accepts the port's connections and serves the
    /// fast path's requests below Kestrel's sockets (<c>LocalAws:EventLoop</c>, on by default); it saves 5–10 µs of
    /// CPU per DynamoDB call, and the connections it hands to Kestrel (SQS, S3, the UI) cost what they cost on
    /// Kestrel's own transport (bench/README.md). False keeps Kestrel's socket transport and runs the fast path as a
    /// connection middleware, as on other systems.
    /// </summary>
    public bool EventLoop { get; set; } = true;

    /// <summary>
    /// How many event loops (threads) serve the port when <see cref="EventLoop"/> is on (<c>LocalAws:EventLoops</c>, 1 to
    /// 64); 0, the default, means one per core (<see cref="Transport.EventLoopTransport.DefaultLoopCount"/>).
    /// </summary>
    public int EventLoops { get; set; }

    /// <summary>
    /// The event loop threads' scheduling priority as a Linux nice value (<c>LocalAws:EventLoopNice</c>, 0 to 19; default
    /// 3). LocalAws shares its machine with the programs that call it, and they are what its answers wait on: at a
    /// lower priority a loop gives way to a caller woken by an answer, so on a 2-core laptop 16 callers' slowest calls
    /// come back about half a millisecond sooner, while the loops still take every core the callers leave idle. The
    /// price is paid when other programs keep every core busy: the loops then get less of the machine than they would
    /// at 0 (about a quarter less throughput at 3, half at 8; bench/README.md). 0 runs them at the callers' priority.
    /// </summary>
    public int EventLoopNice { get; set; } = 3;

    /// <summary>
    /// How often, in seconds, expired items are deleted from DynamoDB tables with time to live on
    /// (<c>LocalAws:DynamoDbTimeToLiveSweepSeconds</c>); 0 never deletes them. DynamoDB deletes them within about two days.
    /// </summary>
    public double DynamoDbTimeToLiveSweepSeconds { get; set; } = 30;

    /// <summary>The stack name used in generated physical names (<c>--stack-name</c>).</summary>
    public string StackName { get; set; } = "shop";
}
