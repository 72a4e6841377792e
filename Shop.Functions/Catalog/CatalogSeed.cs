using System.Globalization;
using System.Text.Json;

namespace Shop.Functions.Catalog;

/// <summary>The catalog of infra/catalog/products.json, embedded in this assembly so the deployed zip carries its own seed.</summary>
public static class CatalogSeed
{
    internal const string ResourceName = "Shop.Functions.Catalog.products.json";

    public static IReadOnlyList<Product> Products { get; } = Load();

    private static IReadOnlyList<Product> Load()
    {
        using var stream = typeof(CatalogSeed).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        var file = JsonSerializer.Deserialize(stream, ShopJsonContext.Default.CatalogFile)
            ?? throw new InvalidOperationException("The embedded catalog is empty.");
        if (file.Products.FirstOrDefault(entry => !IdText.CouldBeId(entry.ProductId)) is { } bad)
        {
            throw new InvalidOperationException($"Product id '{bad.ProductId}' is empty or longer than {IdText.MaxLength} characters.");
        }
        return file.Products.Select(entry => new Product
        {
            ProductId = entry.ProductId,
            Name = entry.Name,
            Description = entry.Description,
            // Prices are strings in the file so that no binary floating point ever touches them.
            Price = decimal.Parse(entry.Price, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
            Currency = entry.Currency,
            ProductType = entry.ProductType,
            ImageUrl = entry.ImageUrl,
            Stock = entry.Stock,
        }).ToList();
    }
}

/// <summary>The shape of infra/catalog/products.json.</summary>
public sealed record CatalogFile(IReadOnlyList<CatalogFileEntry> Products);

public sealed record CatalogFileEntry(
    string ProductId, string Name, string Description, string Price, string Currency, string ProductType, string ImageUrl, int Stock);

/// <summary>What seeding did.</summary>
public sealed record SeedResult(int Added, int AlreadyPresent);

/// <summary>Writes the embedded catalog; products already present are left as they are, so it can run on every start.</summary>
public sealed class CatalogSeeder(ICatalogStore store)
{
    public async Task<SeedResult> SeedAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        foreach (var product in CatalogSeed.Products)
        {
            if (await store.AddIfAbsentAsync(product, cancellationToken))
            {
                added++;
            }
        }
        return new SeedResult(added, CatalogSeed.Products.Count - added);
    }
}
