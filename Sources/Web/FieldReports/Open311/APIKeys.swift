/// Open311 API keys: random tokens given once to a client; only their hash is stored.
public enum APIKeys {
    /// The key that exists in development mode only, for trying the API (documented in the README).
    public static let developmentOpen311 = "motcua-dev-open311-key"

    public static func generate() -> String { Tokens.random() }

    public static func hash(_ key: String) -> String { Tokens.hash(key) }
}
