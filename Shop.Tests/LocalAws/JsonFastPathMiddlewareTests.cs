namespace Shop.Tests.LocalAws;

/// <summary>
/// The fast path's tests against its Kestrel connection middleware, which serves it where LocalAws's own event loop
/// does not run (macOS, Windows, and Linux with <c>LocalAws:EventLoop=false</c>).
/// </summary>
[Collection(nameof(JsonFastPathTests))]
public sealed class JsonFastPathMiddlewareTests : JsonFastPathTests
{
    protected override bool EventLoop => false;
}
