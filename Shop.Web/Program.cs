using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using Shop.Web;
using Shop.Web.Services;

// Startup runs on the browser's main thread while index.html's skeleton is on screen. Each Task.Yield hands the thread
// back to the browser (the continuation is a new task), so startup is a few shorter tasks instead of one long one
// that would block input (Lighthouse's Total Blocking Time).
var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
builder.Services.AddShopServices(new Uri(new Uri(builder.HostEnvironment.BaseAddress), "api/"));
await Task.Yield();

var host = builder.Build();
JSInteropJson.AddTo(host.Services.GetRequiredService<IJSRuntime>());
await Task.Yield();

await host.RunAsync();
