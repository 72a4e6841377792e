using System.Text.Json;
using CsCheck;
using Shop.LocalAws.Ses;

namespace Shop.Tests.LocalAws.Ses;

public class EmailTemplateRendererTests
{
    private static readonly JsonElement Data = JsonDocument.Parse("""
        {"name":"Ann","vip":true,"zero":0,"empty":"","items":[{"n":"Lamp"},{"n":"Mug"}],"customer":{"city":"Oslo"}}
        """).RootElement;

    [Theory]
    [InlineData("Hi {{name}}", "Hi Ann")]
    [InlineData("Hi {{ name }}!", "Hi Ann!")]
    [InlineData("{{customer.city}}", "Oslo")]
    [InlineData("{{{name}}}", "Ann")]
    [InlineData("{{missing}}|{{customer.missing}}", "|")]
    [InlineData("{{#if vip}}VIP{{else}}regular{{/if}}", "VIP")]
    [InlineData("{{#if zero}}yes{{else}}no{{/if}}", "no")]
    [InlineData("{{#unless empty}}none{{/unless}}", "none")]
    [InlineData("{{#each items}}{{@index}}:{{n}} {{/each}}", "0:Lamp 1:Mug ")]
    [InlineData("{{#each items}}{{../name}}{{/each}}", "AnnAnn")]
    [InlineData("{{#with customer}}{{city}}{{/with}}", "Oslo")]
    [InlineData("a{{! a comment }}b", "ab")]
    [InlineData("<p>{{name}}</p>", "<p>Ann</p>")]
    public void Renders_the_handlebars_subset_ses_documents(string template, string expected)
    {
        Assert.Null(EmailTemplateRenderer.Validate(template));
        Assert.Equal(expected, EmailTemplateRenderer.Render(template, Data));
    }

    [Theory]
    [InlineData("{{#if x}}open")]
    [InlineData("{{/if}}")]
    [InlineData("{{#each}}{{/each}}")]
    [InlineData("{{#if x}}{{/each}}")]
    [InlineData("{{unclosed")]
    [InlineData("{{else}}")]
    public void Templates_that_do_not_parse_are_reported(string template) =>
        Assert.NotNull(EmailTemplateRenderer.Validate(template));

    [Fact]
    public void Arbitrary_templates_either_render_or_are_reported_and_never_crash()
    {
        var pieces = Gen.OneOf("{{", "}}", "{{{", "}}}", "#if ", "#each ", "#unless ", "#with ", "/if", "/each", "/unless", "/with",
            "else", "name", "items", "customer.city", "../", "this", "@index", "!", " ", "x", "\n");
        Gen.String[Gen.Char['a', 'z'], 0, 3].SelectMany(prefix => pieces.Array[0, 12].Select(parts => prefix + string.Concat(parts)))
            .Sample(template =>
            {
                if (EmailTemplateRenderer.Validate(template) is null)
                {
                    _ = EmailTemplateRenderer.Render(template, Data);
                }
            }, iter: 2000);
    }
}
