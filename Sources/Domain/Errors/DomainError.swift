/// A failure the platform explains to its user: a kind (mapped to an HTTP status by the web layer)
/// and a message key in the string catalogues, with arguments for its placeholders.
public struct DomainError: Error, Sendable, Equatable {
    /// The broad class of failure.
    public enum Kind: String, Sendable {
        case invalid, notFound, forbidden, conflict, unauthenticated, tooManyRequests, payloadTooLarge, methodNotAllowed
        case unsupportedMediaType
    }

    public let kind: Kind
    /// Catalogue key of the message, e.g. `dossier.notFound`; also the machine-readable error code.
    public let code: String
    /// Values for `{name}` placeholders in the catalogue message.
    public let args: [String: String]

    public init(_ kind: Kind, _ code: String, _ args: [String: String] = [:]) {
        self.kind = kind
        self.code = code
        self.args = args
    }

    public static func invalid(_ field: String, _ code: String = "invalidField") -> DomainError {
        DomainError(.invalid, code, ["field": field])
    }
    public static func notFound(_ code: String) -> DomainError { DomainError(.notFound, code) }
    public static func forbidden(_ code: String = "forbidden") -> DomainError { DomainError(.forbidden, code) }
    public static func conflict(_ code: String) -> DomainError { DomainError(.conflict, code) }
}
