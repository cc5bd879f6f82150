import Domain
import Foundation
import Hummingbird

/// The JSON body of every API error: `{"error":{"code","message","messageEn"}}`.
struct APIErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        let code: String
        let message: String
        let messageEn: String
    }
    let error: Detail
}

extension DomainError.Kind {
    var status: HTTPResponse.Status {
        switch self {
        case .invalid: .badRequest
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .conflict: .conflict
        case .unauthenticated: .unauthorized
        case .tooManyRequests: .tooManyRequests
        case .payloadTooLarge: .contentTooLarge
        case .methodNotAllowed: .methodNotAllowed
        case .unsupportedMediaType: .unsupportedMediaType
        }
    }
}

extension DomainError {
    /// The domain error that stands for an HTTP error raised by the framework (unknown route, body too large...).
    static func from(status: HTTPResponse.Status) -> DomainError {
        switch status.code {
        case 404: DomainError(.notFound, "http.notFound")
        case 405: DomainError(.methodNotAllowed, "http.methodNotAllowed")
        case 413: DomainError(.payloadTooLarge, "http.payloadTooLarge")
        case 401: DomainError(.unauthenticated, "auth.required")
        case 403: DomainError(.forbidden, "forbidden")
        default: DomainError(.invalid, "http.badRequest")
        }
    }
}
