using Shop.LocalAws.Provisioning;

namespace Shop.Tests.LocalAws.Provisioning;

public class CloudFormationStackTests
{
    private const string Template = """
        Parameters:
          Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
          Zones: {Type: CommaDelimitedList, Default: "a,b,c"}
        Mappings:
          Sizes: {dev: {Memory: 256}, prod: {Memory: 1024}}
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
          IsDev: !Not [!Condition IsProd]
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub "${Stage}-orders"
          Table:
            Type: AWS::DynamoDB::Table
            Properties: {}
          ProdOnly:
            Type: AWS::S3::Bucket
            Condition: IsProd
          Function:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: !Sub "${Stage}-fn"
              MemorySize: !FindInMap [Sizes, !Ref Stage, Memory]
              Environment:
                Variables:
                  QUEUE_URL: !Ref Queue
                  QUEUE_ARN: !GetAtt Queue.Arn
                  TABLE: !Ref Table
                  TABLE_ARN: !Sub "${Table.Arn}/index/*"
                  LITERAL: !Sub "${!NotAVariable}"
                  MAPPED: !Sub ["${Name}-x", {Name: !Ref "AWS::Region"}]
                  JOINED: !Join [":", [!Select [1, !Ref Zones], !Select [0, !Split [",", "x,y"]]]]
                  CHOSEN: !If [IsDev, dev-value, !Ref "AWS::NoValue"]
                  DROPPED: !If [IsProd, prod-value, !Ref "AWS::NoValue"]
                  ENCODED: !Base64 hi
                  ZERO_PADDED: 0123
                  QUOTED: "true"
              Role: !GetAtt Role.Arn
          Role:
            Type: AWS::IAM::Role
        """;

    [Fact]
    public void Short_form_intrinsics_resolve_to_the_names_and_arns_CloudFormation_gives()
    {
        var stack = CloudFormationStack.Parse(Template);
        var function = stack.Find("Function")!;
        var variables = stack.ResolveProperties(function)["Environment"]!["Variables"]!;

        Assert.Equal("http://localhost:4566/000000000000/dev-orders", variables["QUEUE_URL"]!.GetValue<string>());
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:dev-orders", variables["QUEUE_ARN"]!.GetValue<string>());
        Assert.StartsWith("shop-Table-", variables["TABLE"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"arn:aws:dynamodb:us-east-1:000000000000:table/{variables["TABLE"]}/index/*", variables["TABLE_ARN"]!.GetValue<string>());
        Assert.Equal("${NotAVariable}", variables["LITERAL"]!.GetValue<string>());
        Assert.Equal("us-east-1-x", variables["MAPPED"]!.GetValue<string>());
        Assert.Equal("b:x", variables["JOINED"]!.GetValue<string>());
        Assert.Equal("dev-value", variables["CHOSEN"]!.GetValue<string>());
        Assert.Null(variables["DROPPED"]);
        Assert.Equal("aGk=", variables["ENCODED"]!.GetValue<string>());
        Assert.Equal("0123", CloudFormationStack.Text(variables["ZERO_PADDED"]));
        Assert.Equal("true", variables["QUOTED"]!.GetValue<string>());
        Assert.Equal(256, stack.ResolveProperties(function)["MemorySize"]!.GetValue<long>());
        Assert.Equal("arn:aws:iam::000000000000:role/" + stack.PhysicalName(stack.Find("Role")!), stack.ResolveProperties(function)["Role"]!.GetValue<string>());
    }

    [Fact]
    public void Resources_come_after_what_they_refer_to_and_false_conditions_drop_resources()
    {
        var stack = CloudFormationStack.Parse(Template);
        var order = stack.Resources.Select(r => r.LogicalId).ToList();

        Assert.DoesNotContain("ProdOnly", order);
        Assert.True(order.IndexOf("Queue") < order.IndexOf("Function"));
        Assert.True(order.IndexOf("Role") < order.IndexOf("Function"));
        Assert.True(order.IndexOf("Table") < order.IndexOf("Function"));
    }

    [Fact]
    public void Parameter_overrides_change_names_and_conditions()
    {
        var stack = CloudFormationStack.Parse(Template, CloudFormationStack.ParseParameterOverrides("Stage=prod"));

        Assert.Contains(stack.Resources, r => r.LogicalId == "ProdOnly");
        Assert.Equal("prod-fn", stack.PhysicalName(stack.Find("Function")!));
    }

    [Fact]
    public void A_parameter_value_outside_AllowedValues_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => CloudFormationStack.Parse(Template, CloudFormationStack.ParseParameterOverrides("Stage=qa")));
        Assert.Contains("Stage", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name=UPPER", "pattern")]
    [InlineData("Name=ab", "at least 3")]
    [InlineData("Count=0", "at least 1")]
    [InlineData("Count=many", "number")]
    public void Parameter_constraints_are_checked_as_CloudFormation_does(string overrides, string reason)
    {
        const string constrained = """
            Parameters:
              Name: {Type: String, Default: abc, AllowedPattern: "[a-z]+", MinLength: 3}
              Count: {Type: Number, Default: 5, MinValue: 1}
            Resources:
              Queue: {Type: AWS::SQS::Queue}
            """;

        var error = Assert.Throws<InvalidDataException>(() => CloudFormationStack.Parse(constrained, CloudFormationStack.ParseParameterOverrides(overrides)));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allowed_pattern_must_match_the_whole_value_even_before_a_final_line_feed()
    {
        const string constrained = """
            Parameters:
              Name: {Type: String, Default: abc, AllowedPattern: "[a-z]+"}
            Resources:
              Queue: {Type: AWS::SQS::Queue}
            """;

        var error = Assert.Throws<InvalidDataException>(() => CloudFormationStack.Parse(constrained, new Dictionary<string, string> { ["Name"] = "abc\n" }));
        Assert.Contains("pattern", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_of_an_undeclared_parameter_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => CloudFormationStack.Parse(Template, CloudFormationStack.ParseParameterOverrides("Colour=blue")));
    }

    [Fact]
    public void Generated_names_are_stable_across_loads_so_a_restart_finds_the_same_resources()
    {
        var first = CloudFormationStack.Parse(Template);
        var second = CloudFormationStack.Parse(Template);

        Assert.Equal(first.PhysicalName(first.Find("Table")!), second.PhysicalName(second.Find("Table")!));
    }

    [Fact]
    public void A_provisioner_can_report_the_real_queue_url()
    {
        var stack = CloudFormationStack.Parse(Template);
        stack.SetRef("Queue", "http://sqs.local/000000000000/dev-orders");

        var variables = stack.ResolveProperties(stack.Find("Function")!)["Environment"]!["Variables"]!;
        Assert.Equal("http://sqs.local/000000000000/dev-orders", variables["QUEUE_URL"]!.GetValue<string>());
    }

    [Fact]
    public void An_unknown_tag_is_an_error_naming_the_tag()
    {
        var error = Assert.Throws<InvalidDataException>(() => CloudFormationStack.Parse("Resources:\n  X:\n    Type: !Frobnicate y\n"));
        Assert.Contains("!Frobnicate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shop_template_parses_and_every_function_resolves()
    {
        var path = Shop.Tests.Infrastructure.RepositoryPaths.Combine("infra", "shop.template.yaml");
        if (!File.Exists(path))
        {
            return; // the template arrives with the functions branch
        }
        var stack = CloudFormationStack.Load(path);
        var functions = stack.Resources.Where(r => r.Type == "AWS::Lambda::Function").ToList();

        Assert.NotEmpty(functions);
        Assert.All(functions, f => Assert.NotNull(stack.ResolveProperties(f)["Handler"]));
    }
}
