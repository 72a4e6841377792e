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

var host = builder.Build();
JSInteropJson.AddTo(host.Services.GetRequiredService<IJSRuntime>());
await host.RunAsync();
