namespace Shop.Functions.Catalog;

/// <summary>One product of the catalog, as the API returns it.</summary>
public sealed record Product
{
    public required string ProductId { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required decimal Price { get; init; }

    /// <summary>ISO 4217 code; the whole catalog uses one currency.</summary>
    public required string Currency { get; init; }

    /// <summary>The category; recommendations count views per productType.</summary>
    public required string ProductType { get; init; }

    public required string ImageUrl { get; init; }
    public required int Stock { get; init; }
}

/// <summary>A page of products and the opaque cursor of the next page (null on the last page).</summary>
public sealed record ProductPage(IReadOnlyList<Product> Items, string? NextCursor);
