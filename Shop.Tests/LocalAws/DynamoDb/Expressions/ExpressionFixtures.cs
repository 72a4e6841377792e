using Shop.LocalAws.DynamoDb;
using Shop.LocalAws.DynamoDb.Expressions;
using Shop.LocalAws.DynamoDb.Model;
using static Shop.Tests.LocalAws.DynamoDb.Model.DynamoJson;

namespace Shop.Tests.LocalAws.DynamoDb.Expressions;

/// <summary>A sample item and a pool of placeholders shared by the expression tests.</summary>
internal static class ExpressionFixtures
{
    public const string SampleItemJson =
        "{'id':{'S':'a'},'n':{'N':'5'},'s':{'S':'hello'},'b':{'B':'AAEC'},'ss':{'SS':['x','y']},'ns':{'NS':['1','2']}," +
        "'bs':{'BS':['AA==','AQ==']},'l':{'L':[{'S':'x'},{'N':'1'},{'M':{'k':{'S':'v'}}}]}," +
        "'m':{'M':{'a':{'M':{'b':{'N':'1'}}},'lst':{'L':[{'N':'10'}]}}},'t':{'BOOL':true},'z':{'NULL':true}," +
        "'u':{'S':'\uFFFD'},'e':{'S':'é𝄞'}}";

    public const string ValuesJson =
        "{':one':{'N':'1'},':two':{'N':'2'},':three':{'N':'3'},':five':{'N':'5'},':six':{'N':'6'},':ten':{'N':'10'}," +
        "':hello':{'S':'hello'},':he':{'S':'he'},':x':{'S':'x'},':v':{'S':'v'},':N':{'S':'N'},':SS':{'S':'SS'},':M':{'S':'M'}," +
        "':b01':{'B':'AAE='},':bff':{'B':'/w=='},':b1':{'B':'AQ=='},':true':{'BOOL':true},':null':{'NULL':true}," +
        "':list':{'L':[{'S':'new'}]},':map':{'M':{'k':{'S':'v'}}},':ss2':{'SS':['y','z']},':xset':{'SS':['x']}," +
        "':xyset':{'SS':['x','y','q']},':nset':{'NS':['1']},':bset':{'BS':['AA==']},':clef':{'S':'𝄞'},':empty':{'S':''}}";

    public static Dictionary<string, AttributeValue> SampleItem() => ItemOf(SampleItemJson);

    public static ExpressionAttributes Attributes(string? namesJson = null) =>
        new(namesJson is null ? null : Element(namesJson).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            Values(ValuesJson));

    public static string ErrorOf(Action action)
    {
        var error = Assert.Throws<DynamoDbException>(action);
        Assert.Equal("ValidationException", error.Code);
        return error.Message;
    }
}
