namespace Shop.Web.Services;

/// <summary>
/// The session's cart as last answered by the API, shared by the header badge and the pages, so every view updates
/// the moment any of them changes it.
/// </summary>
public sealed class CartState
{
    private readonly ShopApiClient _api;
    private readonly SharedLoad<bool> _firstLoad;

    public CartState(ShopApiClient api)
    {
        _api = api;
        _firstLoad = new SharedLoad<bool>(async () =>
        {
            await RefreshAsync();
            return true;
        });
    }

    public Cart Current { get; private set; } = Cart.Empty;

    /// <summary>True once the cart has been read from the API at least once.</summary>
    public bool IsLoaded { get; private set; }

    public event Action? Changed;

    /// <summary>Reads the cart once per app start; later calls reuse that read.</summary>
    public Task EnsureLoadedAsync() => _firstLoad.GetAsync();

    public async Task RefreshAsync() => Apply(await _api.GetCartAsync());

    public async Task AddAsync(string productId, int quantity) => Apply(await _api.AddToCartAsync(productId, quantity));

    public async Task RemoveAsync(string productId) => Apply(await _api.RemoveFromCartAsync(productId));

    /// <summary>
    /// Sets a line's quantity. The API only adds or removes, so a decrease removes the line and adds the new quantity back.
    /// </summary>
    public async Task SetQuantityAsync(string productId, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var current = Current.Items.FirstOrDefault(line => line.ProductId == productId)?.Quantity ?? 0;
        if (quantity == current) return;
        if (quantity > current)
        {
            await AddAsync(productId, quantity - current);
            return;
        }
        await RemoveAsync(productId);
        if (quantity > 0)
        {
            await AddAsync(productId, quantity);
        }
    }

    /// <summary>After checkout the server empties the cart; reflect that without waiting for a read.</summary>
    public void MarkEmptied() => Apply(Cart.Empty);

    private void Apply(Cart cart)
    {
        Current = cart;
        IsLoaded = true;
        Changed?.Invoke();
    }
}
