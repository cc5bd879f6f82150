import Foundation

/// Another document-management system this one exchanges packages with: its organisation identifier and name, the
/// endpoint its packages are posted to (statuses go to `<endpoint>/statuses`), and the certificate its packages are
/// signed with. Administrators keep the list.
public struct ExchangePeer: Sendable, Hashable, Codable {
    public var organisationId: String
    public var name: String
    public var endpoint: String
    public var certificatePEM: String

    public init(organisationId: String, name: String, endpoint: String, certificatePEM: String) {
        self.organisationId = organisationId
        self.name = name
        self.endpoint = endpoint
        self.certificatePEM = certificatePEM
    }

    /// Where this peer's status packages are posted.
    public var statusEndpoint: String { endpoint + "/statuses" }

    /// The organisation as written in a package.
    public var organisation: ExchangeOrganisation { ExchangeOrganisation(id: organisationId, name: name) }
}

/// The checks on what comes into and goes out of the exchange.
public enum ExchangeRules {
    /// Organisation identifiers: letters, digits, dots, dashes and underscores (e.g. `000.00.00.H22`), 1 to 40 characters.
    public static func isOrganisationId(_ text: String) -> Bool { isToken(text, maxLength: 40) }

    /// A package identifier: 1 to 100 of the same characters (a UUID from Motcua).
    public static func isPackageId(_ text: String) -> Bool { isToken(text, maxLength: 100) }

    static func isToken(_ text: String, maxLength: Int) -> Bool {
        (1...maxLength).contains(text.utf8.count)
            && text.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-_".unicodeScalars.contains($0))
            }
    }

    /// A peer as an administrator entered it, trimmed; throws the first field in error. The endpoint is `https://`, or
    /// `http://` when `allowsPlainHTTP` (development).
    public static func validated(_ peer: ExchangePeer, sealer: any PackageSealer, allowsPlainHTTP: Bool) throws -> ExchangePeer {
        var p = peer
        p.organisationId = p.organisationId.trimmingCharacters(in: .whitespacesAndNewlines)
        p.name = p.name.trimmingCharacters(in: .whitespacesAndNewlines)
        p.endpoint = p.endpoint.trimmingCharacters(in: .whitespacesAndNewlines)
        guard isOrganisationId(p.organisationId) else { throw DomainError.invalid("organisationId", "exchange.badOrganisationId") }
        guard (1...300).contains(p.name.count) else { throw DomainError.invalid("name") }
        guard let url = URL(string: p.endpoint), url.scheme == "https" || (allowsPlainHTTP && url.scheme == "http"), url.host != nil,
            p.endpoint.count <= 500
        else { throw DomainError.invalid("endpoint", "exchange.badEndpoint") }
        guard sealer.isUsableCertificate(p.certificatePEM) else { throw DomainError.invalid("certificatePEM", "exchange.badCertificate") }
        return p
    }

    /// Checks a received package's content once its signature is known good: addressed to `ours`, metadata within limits
    /// and of a known type, files of an accepted type. Throws the refusal the sender is told of.
    public static func checkReceived(_ p: DocumentPackage, ours: String) throws {
        guard p.to.contains(where: { $0.id == ours }) else { throw DomainError(.notFound, "exchange.unknownRecipient") }
        guard isPackageId(p.packageId), OfficialDocumentTypes.type(p.typeCode) != nil,
            OfficialDocumentRules.isNumberSymbol(p.numberSymbol), (1...OfficialDocumentRules.maxText).contains(p.subject.count),
            p.from.name.count <= 300, p.signerName.count <= 200, p.signerPosition.count <= 200, p.place.count <= 200
        else { throw DomainError(.invalid, "exchange.malformed") }
        for file in p.attachments where MediaType.sniff(file.bytes) == nil {
            throw DomainError(.unsupportedMediaType, "exchange.badAttachment")
        }
    }
}
