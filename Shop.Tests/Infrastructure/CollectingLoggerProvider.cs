using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Shop.Tests.Infrastructure;

/// <summary>Collects the warnings and errors a LocalAws under test logs, for tests that assert on them.</summary>
public sealed class CollectingLoggerProvider(ConcurrentQueue<(LogLevel Level, string Category, string Message)> logged) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CollectingLogger(categoryName, logged);

    public void Dispose()
    {
    }

    private sealed class CollectingLogger(string category, ConcurrentQueue<(LogLevel, string, string)> logged) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logged.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
