using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shop.Functions;

/// <summary>The managed runtime hands a handler its event as a stream and takes its answer as one.</summary>
internal static class LambdaStreams
{
    public static async Task<T> ReadAsync<T>(Stream input, JsonTypeInfo<T> typeInfo) where T : class =>
        await JsonSerializer.DeserializeAsync(input, typeInfo)
            ?? throw new InvalidDataException($"The invocation carried no {typeof(T).Name}.");

    public static async Task<Stream> WriteAsync<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, value, typeInfo);
        output.Position = 0;
        return output;
    }
}
