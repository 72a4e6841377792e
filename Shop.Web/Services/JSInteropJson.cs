using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Shop.Web.Services;

/// <summary>
/// Source-generated JSON for the values that cross Blazor's JS interop in this app: localStorage strings, argument
/// arrays, events coming in as <see cref="JsonElement"/> (and a form's submit as a plain <see cref="EventArgs"/>),
/// <see cref="ElementReference"/> for focus, <see cref="NavigationOptions"/> for NavigateTo, void results. The app is
/// published with System.Text.Json's reflection off (<c>JsonSerializerIsReflectionEnabledByDefault</c>: 37 kB less for
/// every shopper to download), and Blazor's <see cref="JSRuntime"/> has no resolver of its own, so this one is added to
/// it before the first call. A type missing here fails loudly (NotSupportedException naming it); the browser tests
/// walk every page and form.
/// </summary>
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(EventArgs))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(ElementReference))]
[JsonSerializable(typeof(NavigationOptions))]
[JsonSerializable(typeof(Microsoft.JSInterop.Infrastructure.IJSVoidResult))]
internal sealed partial class JSInteropJson : JsonSerializerContext
{
    /// <summary>Adds the resolver to the runtime's options; call before the host runs (the options lock on first use).</summary>
    public static void AddTo(IJSRuntime runtime)
    {
        if (runtime is JSRuntime js && !JsonSerializer.IsReflectionEnabledByDefault)
        {
            OptionsOf(js).TypeInfoResolverChain.Add(Default);
        }
    }

    // JSRuntime.JsonSerializerOptions is protected internal: Blazor offers no public way to add a resolver.
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_JsonSerializerOptions")]
    private static extern JsonSerializerOptions OptionsOf(JSRuntime runtime);
}
