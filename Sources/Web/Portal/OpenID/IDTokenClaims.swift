import Foundation

/// The protected header of a JWS (RFC 7515, section 4.1): the two members the verifier reads.
struct JOSEHeader: Decodable, Sendable {
    let alg: String?
    let kid: String?
}

/// One claim's value as JSON gives it (RFC 7519, section 4): the verifier and the sign-in read strings,
/// numbers and lists of strings; anything else is kept only as present.
enum ClaimValue: Decodable, Sendable, Equatable {
    case text(String)
    case number(Double)
    case list([ClaimValue])
    case other

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let text = try? value.decode(String.self) {
            self = .text(text)
        } else if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else if let list = try? value.decode([ClaimValue].self) {
            self = .list(list)
        } else {
            self = .other
        }
    }

    /// The value as text: a string as it is, a whole number without a decimal point (an ID number or a
    /// level sent as a number), anything else nil.
    var text: String? {
        switch self {
        case .text(let text): text
        case .number(let n) where n == n.rounded() && abs(n) < 1e15: String(Int64(n))
        case .number(let n): String(n)
        case .list, .other: nil
        }
    }

    /// The value as a number (`exp`, `iat`).
    var number: Double? {
        if case .number(let n) = self { n } else { nil }
    }
}

/// The claims of an ID token (OpenID Connect Core 1.0, sections 2 and 5.1), by name: the standard ones
/// have accessors; the names of the identity claims come from configuration (`OIDC_CLAIM_*`).
struct IDTokenClaims: Decodable, Sendable {
    let values: [String: ClaimValue]

    init(from decoder: any Decoder) throws { values = try decoder.singleValueContainer().decode([String: ClaimValue].self) }

    init(_ values: [String: ClaimValue]) { self.values = values }

    subscript(name: String) -> ClaimValue? { values[name] }

    /// The claim `name` as text (see `ClaimValue.text`).
    func text(_ name: String) -> String? { values[name]?.text }

    /// `aud`: one audience or a list of them.
    var audience: [String] {
        switch values["aud"] {
        case .text(let one): [one]
        case .list(let many): many.compactMap { if case .text(let a) = $0 { a } else { nil } }
        default: []
        }
    }
}
