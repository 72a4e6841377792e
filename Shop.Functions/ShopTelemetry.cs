using System.Diagnostics;

namespace Shop.Functions;

/// <summary>The functions' spans. The process hosting them (the local runner, or an OpenTelemetry layer in Lambda) exports them.</summary>
public static class ShopTelemetry
{
    public const string SourceName = "Shop.Functions";

    public static readonly ActivitySource Source = new(SourceName);
}
