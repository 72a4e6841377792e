using Shop.LocalAws.DynamoDb;
using Shop.LocalAws.DynamoDb.Model;
using static Shop.Tests.LocalAws.DynamoDb.Model.DynamoJson;

namespace Shop.Tests.LocalAws.DynamoDb.Model;

public class AttributeValueTests
{
    [Theory]
    [InlineData("{'S':'hello'}")]
    [InlineData("{'S':''}")]
    [InlineData("{'N':'-12.5'}")]
    [InlineData("{'B':'AAEC'}")]
    [InlineData("{'BOOL':true}")]
    [InlineData("{'BOOL':false}")]
    [InlineData("{'NULL':true}")]
    [InlineData("{'SS':['a','b']}")]
    [InlineData("{'NS':['1','2.5']}")]
    [InlineData("{'BS':['AA==','AQ==']}")]
    [InlineData("{'L':[{'S':'a'},{'N':'1'},{'L':[]}]}")]
    [InlineData("{'M':{'a':{'M':{'b':{'NULL':true}}},'':{'S':'empty key'}}}")]
    public void Every_type_round_trips_through_the_wire_form(string json) =>
        Assert.Equal(json, Write(Value(json)));

    [Fact]
    public void Numbers_are_written_in_canonical_form()
    {
        Assert.Equal("{'N':'100'}", Write(Value("{'N':'1e2'}")));
        Assert.Equal("{'NS':['1.5','0']}", Write(Value("{'NS':['1.50','-0']}")));
    }

    [Theory]
    [InlineData("{}", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")]
    [InlineData("{'S':null}", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")]
    [InlineData("{'X':'y'}", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")]
    [InlineData("{'S':'a','N':'1'}", "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")]
    [InlineData("{'S':'a','N':'x'}", "The parameter cannot be converted to a numeric value: x")]
    [InlineData("{'NULL':false}", "One or more parameter values were invalid: Null attribute value types must have the value of true")]
    [InlineData("{'SS':[]}", "One or more parameter values were invalid: An string set  may not be empty")]
    [InlineData("{'NS':[]}", "One or more parameter values were invalid: An number set  may not be empty")]
    [InlineData("{'BS':[]}", "One or more parameter values were invalid: Binary sets should not be empty")]
    [InlineData("{'SS':['a','b','a']}", "One or more parameter values were invalid: Input collection [a, b, a] contains duplicates.")]
    [InlineData("{'NS':['1','1.0']}", "Input collection contains duplicates")]
    [InlineData("{'BS':['AA==','AA==']}", "One or more parameter values were invalid: Input collection [AA==, AA==]of type BS contains duplicates.")]
    [InlineData("{'NS':['1','x']}", "The parameter cannot be converted to a numeric value: x")]
    [InlineData("{'N':''}", "The parameter cannot be converted to a numeric value")]
    [InlineData("{'L':[{'N':'1e999'}]}", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    [InlineData("{'M':{'a':{}}}", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")]
    public void Invalid_values_get_AWS_validation_messages(string json, string message)
    {
        var error = Assert.Throws<DynamoDbException>(() => Value(json));
        Assert.Equal(("ValidationException", message), (error.Code, error.Message));
    }

    [Theory]
    [InlineData("{'S':5}", "NUMBER_VALUE cannot be converted to String")]
    [InlineData("{'S':5.5}", "DECIMAL_VALUE cannot be converted to String")]
    [InlineData("{'S':true}", "TRUE_VALUE cannot be converted to String")]
    [InlineData("{'S':['a']}", "Unrecognized collection type class java.lang.String")]
    [InlineData("{'S':{}}", "Start of structure or map found where not expected")]
    [InlineData("{'N':1}", "NUMBER_VALUE cannot be converted to String")]
    [InlineData("{'B':1}", "only base-64-encoded strings are convertible to bytes")]
    [InlineData("{'B':'abc'}", "Base64 encoded length is expected a multiple of 4 bytes but found: 3")]
    [InlineData("{'B':'ab=c'}", "Invalid last non-pad Base64 character dectected")]
    [InlineData("{'B':'AB=='}", "Invalid last non-pad Base64 character dectected")]
    [InlineData("{'BOOL':1}", "NUMBER_VALUE cannot be converted to Boolean")]
    [InlineData("{'BOOL':'maybe'}", "Unexpected token received from parser")]
    [InlineData("{'SS':'a'}", "Unexpected field type")]
    [InlineData("{'SS':{}}", "Start of structure or map found where not expected")]
    [InlineData("{'L':{}}", "Start of structure or map found where not expected")]
    [InlineData("{'L':['a']}", "Unexpected value type in payload")]
    [InlineData("{'M':[]}", "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>")]
    [InlineData("{'M':'a'}", "Unexpected field type")]
    [InlineData("['S']", "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue")]
    [InlineData("'S'", "Unexpected value type in payload")]
    public void Wrong_JSON_types_are_serialization_errors(string json, string message)
    {
        var error = Assert.Throws<DynamoDbException>(() => Value(json));
        Assert.Equal(("SerializationException", message), (error.Code, error.Message));
    }

    [Fact]
    public void A_type_error_anywhere_wins_over_a_validation_error_earlier_in_the_value()
    {
        var error = Assert.Throws<DynamoDbException>(() => ItemOf("{'a':{'SS':[]},'b':{'S':1}}"));
        Assert.Equal("SerializationException", error.Code);
    }

    [Theory]
    [InlineData("'true'", true)]
    [InlineData("'YES'", true)]
    [InlineData("'1'", true)]
    [InlineData("'false'", false)]
    [InlineData("'no'", false)]
    public void Booleans_given_as_strings_are_read_as_AWS_reads_them(string json, bool expected) =>
        Assert.Equal(expected, Value("{'BOOL':" + json + "}").BOOL);

    [Fact]
    public void Sets_compare_regardless_of_member_order()
    {
        Assert.Equal(Value("{'SS':['a','b']}"), Value("{'SS':['b','a']}"));
        Assert.Equal(Value("{'NS':['1','2']}"), Value("{'NS':['2.0','1']}"));
        Assert.NotEqual(Value("{'SS':['a','b']}"), Value("{'SS':['a','c']}"));
        Assert.NotEqual(Value("{'L':[{'S':'a'},{'S':'b'}]}"), Value("{'L':[{'S':'b'},{'S':'a'}]}"));
        Assert.NotEqual(Value("{'S':'1'}"), Value("{'N':'1'}"));
    }

    [Fact]
    public void Factories_reject_empty_and_duplicate_sets_with_AWS_messages()
    {
        Assert.Equal("One or more parameter values were invalid: An string set  may not be empty",
            Assert.Throws<DynamoDbException>(() => AttributeValue.FromSS([])).Message);
        Assert.Equal("Input collection contains duplicates",
            Assert.Throws<DynamoDbException>(() => AttributeValue.FromNS([DynamoNumber.Parse("1"), DynamoNumber.Parse("1.0")])).Message);
        Assert.Equal(2, AttributeValue.FromBS([[1], [2]]).Count);
    }

    [Theory]
    [InlineData("{'S':'abc'}", 3)]
    [InlineData("{'S':'é'}", 2)]
    [InlineData("{'S':'𝄞'}", 4)]
    [InlineData("{'B':'AAEC'}", 3)]
    [InlineData("{'N':'123'}", 3)]
    [InlineData("{'BOOL':true}", 1)]
    [InlineData("{'NULL':true}", 1)]
    [InlineData("{'SS':['ab','c']}", 3)]
    [InlineData("{'L':[]}", 3)]
    [InlineData("{'L':[{'S':'ab'},{'NULL':true}]}", 3 + 1 + 2 + 1 + 1)]
    [InlineData("{'M':{'ab':{'S':'xyz'}}}", 3 + 1 + 2 + 3)]
    public void Value_sizes_follow_AWS_item_size_rules(string json, int size) =>
        Assert.Equal(size, Value(json).Size);

    [Fact]
    public void Item_size_counts_attribute_names_as_UTF8_bytes()
    {
        Assert.Equal(2 + 3 + 3 + 2, Item.Size(ItemOf("{'id':{'S':'abc'},'né':{'N':'12'}}")));
    }
}
