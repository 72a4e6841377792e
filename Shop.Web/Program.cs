using System.Text.Json;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using Shop.Web;
using Shop.Web.Services;

// Startup runs on the browser's main thread while index.html's skeleton is on screen. Between its steps it hands the
// thread back to the browser, so startup is several tasks instead of one long one that would block input
// (Lighthouse's Total Blocking Time counts each task's time beyond 50 ms).
var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
builder.Services.AddShopServices(new Uri(new Uri(builder.HostEnvironment.BaseAddress), "api/"));
await NextBrowserTask();

var host = builder.Build();
JSInteropJson.AddTo(host.Services.GetRequiredService<IJSRuntime>());
await NextBrowserTask();

// System.Text.Json's first use is slow in the interpreter (its code and the metadata of the types). Done here, in a
// task of its own, it stays out of the task that renders the first page and then reads the catalog.
_ = JsonSerializer.Serialize(["shop.session.token"], JSInteropJson.Default.ObjectArray);
_ = JsonSerializer.Deserialize("""{"items":[],"nextCursor":null}""", ShopJsonContext.Default.ProductPage);
await NextBrowserTask();

await host.RunAsync();

// Task.Yield would not do: after the first, its continuations run in the same browser task. A timer always ends it.
static Task NextBrowserTask() => Task.Delay(1);
