using System.Reflection;
using System.Text.Json.Nodes;
using Shop.Functions;
using Shop.Functions.Api;
using Shop.Functions.Handlers;

namespace Shop.Tests.Functions.Template;

/// <summary>Everything the code uses (functions, environment, routes, tables, indexes, queue) is declared by the template.</summary>
public class TemplateConsistencyTests
{
    private static readonly ShopTemplate Template = ShopTemplate.Load();
    private static readonly ShopServices Unconfigured = new(_ => null);

    private static readonly Type[] Handlers = typeof(ShopServices).Assembly.GetTypes()
        .Where(t => t.Namespace == "Shop.Functions.Handlers" && t.IsPublic && t.GetMethod("Handle", [typeof(Stream)]) is not null)
        .ToArray();

    public static TheoryData<string> HandlerNames => new(Handlers.Select(h => h.Name));

    private static Type Handler(string name) => Handlers.Single(h => h.Name == name);

    [Fact]
    public void Every_template_function_names_a_handler_class_with_the_managed_runtime_signature()
    {
        var functions = Template.OfType("AWS::Lambda::Function").ToList();

        Assert.Equal(9, functions.Count);
        Assert.Equal(functions.Count, Handlers.Length);
        foreach (var (logicalId, properties) in functions)
        {
            var handler = ((string)properties["Handler"]!).Split("::");
            Assert.Equal("Shop.Functions", handler[0]);
            var type = typeof(ShopServices).Assembly.GetType(handler[1]);
            Assert.True(type is not null, $"{logicalId}: no class {handler[1]}");
            Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
            var method = type.GetMethod(handler[2], BindingFlags.Public | BindingFlags.Instance, [typeof(Stream)]);
            Assert.True(method?.ReturnType == typeof(Task<Stream>), $"{logicalId}: {handler[2]} must be Task<Stream>(Stream)");
            Assert.Equal("dotnet10", (string)properties["Runtime"]!);
            Assert.Equal("arm64", (string)properties["Architectures"]![0]!);
        }
    }

    [Theory]
    [MemberData(nameof(HandlerNames))]
    public void A_functions_environment_in_the_template_is_exactly_what_its_handler_reads(string handlerName)
    {
        var handler = Handler(handlerName);
        var (_, properties) = Template.FunctionFor(handler);
        var declared = properties["Environment"]!["Variables"]!.AsObject().Select(v => v.Key).Order();

        var read = handler.IsSubclassOf(typeof(HttpApiFunction))
            ? ((HttpApiFunction)Activator.CreateInstance(handler, Unconfigured)!).EnvironmentVariables
            : (IReadOnlyCollection<string>)handler.GetProperty("EnvironmentVariables", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        Assert.Equal(read.Order(), declared);
        Assert.All(read, name => Assert.Contains(name, typeof(ShopEnvironment).GetFields().Select(f => (string)f.GetValue(null)!)));
    }

    [Theory]
    [MemberData(nameof(HandlerNames))]
    public void A_functions_routes_in_the_template_are_exactly_the_routes_its_handler_serves(string handlerName)
    {
        var handler = Handler(handlerName);
        var (logicalId, _) = Template.FunctionFor(handler);
        var served = handler.IsSubclassOf(typeof(HttpApiFunction))
            ? ((HttpApiFunction)Activator.CreateInstance(handler, Unconfigured)!).RouteKeys
            : [];

        Assert.Equal(served.Order(), Template.RouteKeysOf(logicalId).Order());
    }

    [Fact]
    public void Every_route_is_under_api_and_declared_once()
    {
        var routes = Template.OfType("AWS::ApiGatewayV2::Route").Select(r => (string)r.Properties["RouteKey"]!).ToList();

        Assert.Equal(routes.Count, routes.Distinct().Count());
        Assert.All(routes, r => Assert.Matches(@"^(GET|POST|DELETE) /api/", r));
        Assert.Equal(11, routes.Count);
    }

    [Fact]
    public void Integrations_are_lambda_proxies_with_payload_2_0()
    {
        Assert.All(Template.OfType("AWS::ApiGatewayV2::Integration"), i =>
        {
            Assert.Equal("AWS_PROXY", (string)i.Properties["IntegrationType"]!);
            Assert.Equal("2.0", (string)i.Properties["PayloadFormatVersion"]!);
        });
    }

    [Fact]
    public void The_tables_keys_are_the_attributes_the_stores_use()
    {
        Assert.Equal(["productId"], Keys(Template.Properties("ProductsTable")["KeySchema"]));
        Assert.Equal(["userId", "productId"], Keys(Template.Properties("CartsTable")["KeySchema"]));
        Assert.Equal(["orderId"], Keys(Template.Properties("OrdersTable")["KeySchema"]));
        Assert.Equal(["userId", "interactionKey"], Keys(Template.Properties("UserInteractionsTable")["KeySchema"]));

        var byType = Index("ProductsTable", ShopEnvironment.ProductsByTypeIndex, "GetProductsFunction");
        Assert.Equal(["productType", "productId"], Keys(byType["KeySchema"]));
        var byUser = Index("OrdersTable", ShopEnvironment.OrdersByUserIndex, "GetOrdersFunction");
        Assert.Equal(["userId", "createdAt"], Keys(byUser["KeySchema"]));
    }

    [Fact]
    public void The_order_queue_retries_within_the_lease_and_visibility_rules()
    {
        var processOrder = Template.Properties("ProcessOrderFunction");
        var timeout = (long)processOrder["Timeout"]!;
        var queue = Template.Properties("OrderProcessingQueue");

        Assert.True((long)queue["VisibilityTimeout"]! >= 6 * timeout);
        Assert.True(ShopServices.OrderLeaseDuration.TotalSeconds > timeout);
        Assert.True(ShopServices.OrderLeaseDuration.TotalSeconds < (long)queue["VisibilityTimeout"]!);
        Assert.Equal("OrderMaxReceiveCount", (string)queue["RedrivePolicy"]!["maxReceiveCount"]!["Ref"]!);
        Assert.Equal("OrderMaxReceiveCount", (string)processOrder["Environment"]!["Variables"]![ShopEnvironment.OrderQueueMaxReceiveCount]!["Ref"]!);
        Assert.Equal("5", Template.ParameterDefault("OrderMaxReceiveCount"));
    }

    [Fact]
    public void The_queue_feeds_process_order_in_batches_with_partial_failures()
    {
        var mapping = Assert.Single(Template.OfType("AWS::Lambda::EventSourceMapping")).Properties;

        Assert.Equal("ProcessOrderFunction", (string)mapping["FunctionName"]!["Ref"]!);
        Assert.Equal("OrderProcessingQueue", (string)mapping["EventSourceArn"]!["Fn::GetAtt"]![0]!);
        Assert.Equal(10, (long)mapping["BatchSize"]!);
        Assert.Equal("ReportBatchItemFailures", (string)mapping["FunctionResponseTypes"]![0]!);
    }

    [Fact]
    public void Every_function_has_its_own_role()
    {
        var roles = Template.OfType("AWS::Lambda::Function").Select(f => (string)f.Properties["Role"]!["Fn::GetAtt"]![0]!).ToList();

        Assert.Equal(roles.Count, roles.Distinct().Count());
        Assert.All(roles, role => Assert.Equal("AWS::IAM::Role", (string)Template.Resources[role]!["Type"]!));
    }

    private static string[] Keys(JsonNode? keySchema) =>
        keySchema!.AsArray().Select(k => (string)k!["AttributeName"]!).ToArray();

    /// <summary>The GSI that the function's environment variable names (a literal there, so the two cannot drift).</summary>
    private static JsonObject Index(string table, string variable, string function)
    {
        var name = (string)Template.Properties(function)["Environment"]!["Variables"]![variable]!;
        return Template.Properties(table)["GlobalSecondaryIndexes"]!.AsArray()
            .Single(i => (string)i!["IndexName"]! == name)!.AsObject();
    }
}
