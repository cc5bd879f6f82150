import App

/// Reads configuration values the account suites check.
enum AppConfigProbe {
    /// The roles that must log in with a second factor, by raw value.
    static func requiredRoles(_ environment: [String: String]) throws -> Set<String> {
        Set(try AppConfig(environment: environment).totpRequiredRoles.map(\.rawValue))
    }
}
