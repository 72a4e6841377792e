namespace Shop.Functions;

/// <summary>
/// The environment variables the functions read. Every one is set per function in infra/shop.template.yaml
/// (a test checks that each function's template Environment has the names its handler declares).
/// </summary>
public static class ShopEnvironment
{
    public const string ProductsTable = "PRODUCTS_TABLE";
    public const string ProductsByTypeIndex = "PRODUCTS_BY_TYPE_INDEX";
    public const string CartsTable = "CARTS_TABLE";
    public const string OrdersTable = "ORDERS_TABLE";
    public const string OrdersByUserIndex = "ORDERS_BY_USER_INDEX";
    public const string InteractionsTable = "INTERACTIONS_TABLE";
    public const string OrderQueueUrl = "ORDER_QUEUE_URL";
    public const string OrderQueueMaxReceiveCount = "ORDER_QUEUE_MAX_RECEIVE_COUNT";
    public const string InvoiceBucket = "INVOICE_BUCKET";
    public const string SenderEmail = "SENDER_EMAIL";
    public const string SessionSigningKey = "SESSION_SIGNING_KEY";
    public const string SessionLifetimeMinutes = "SESSION_LIFETIME_MINUTES";
}
