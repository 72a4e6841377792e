using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using Shop.Web;
using Shop.Web.Services;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
builder.Services.AddShopServices(new Uri(new Uri(builder.HostEnvironment.BaseAddress), "api/"));

// Startup runs on the browser's main thread while index.html's skeleton is on screen. Main's first yield hands the
// thread back to the browser (the rest runs as a new task), so creating the host and rendering the first page are two
// tasks instead of one long one that would block input (Lighthouse's Total Blocking Time). Later yields would not split
// further: the continuation queue is drained within one task.
await Task.Yield();

var host = builder.Build();
JSInteropJson.AddTo(host.Services.GetRequiredService<IJSRuntime>());
await host.RunAsync();
