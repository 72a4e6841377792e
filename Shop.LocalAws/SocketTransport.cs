using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Shop.LocalAws;

/// <summary>
/// How LocalAws's Kestrel moves bytes. A LocalAws request is short in-memory work that never blocks a thread (every
/// wait, such as an SQS long poll or a Lambda invocation, is awaited), so it runs on the thread where the socket's
/// data arrives instead of being handed to the thread pool and then to Kestrel's I/O queue. On a 2-core laptop
/// those hand-offs cost two context switches per request, more CPU than a DynamoDB GetItem's own work
/// (bench/README.md has the figures). This is what ASP.NET Core's own platform benchmarks do on Linux.
/// </summary>
public static class SocketTransport
{
    /// <summary>Read once by System.Net.Sockets, at the process's first socket.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Asks for socket completions on the event thread unless the environment already decided (set
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0</c> to get the thread pool back). Call it before anything
    /// in the process opens a socket; Program.cs does so before it builds the app.
    /// </summary>
    public static void PreferInlineCompletions()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }

    /// <summary>
    /// Kestrel's half of the same choice: with completions inline, it runs the application inline too rather than
    /// queueing it again. In a process that did not ask (tests host LocalAws in-process) nothing changes.
    /// </summary>
    public static void Configure(SocketTransportOptions options) => options.UnsafePreferInlineScheduling = RunsInline;

    /// <summary>Whether this process handles requests on the sockets' event threads (System.Net.Sockets honours the variable on Linux only).</summary>
    public static bool RunsInline => OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(InlineCompletionsVariable) == "1";
}
