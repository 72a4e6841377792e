namespace Shop.Web.Services;

/// <summary>
/// One load shared by every caller (so a page and the header don't both create a session or read the cart);
/// a failed load is forgotten so the next caller starts a fresh one instead of inheriting the failure.
/// </summary>
public sealed class SharedLoad<T>(Func<Task<T>> load)
{
    private Task<T>? _pending;

    public async Task<T> GetAsync()
    {
        var pending = _pending ??= load();
        try
        {
            return await pending;
        }
        catch when (ReferenceEquals(_pending, pending))
        {
            _pending = null;
            throw;
        }
    }

    public void Reset() => _pending = null;
}
