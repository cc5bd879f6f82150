import Foundation

/// A person or business addressed by an outgoing document: a citizen ID number (số định danh cá
/// nhân, 12 digits, Decree 137/2015/NĐ-CP) or an enterprise or tax code (mã số doanh nghiệp, mã số
/// thuế: 10 digits, or 13 for a branch, written `0101234567-001` or without the dash).
public enum RecipientHolder {
    /// The number without spaces or the branch dash, when it is a valid ID number or tax code.
    public static func normalised(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || (parts.count == 2 && parts[0].count == 10 && parts[1].count == 3) else { return nil }
        let number = parts.joined()
        guard number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        switch number.count {
        case 12: return CitizenIDNumber.isValid(number) ? number : nil
        case 10, 13: return number
        default: return nil
        }
    }

    /// Whether `number` (normalised) is a citizen's ID number rather than a business's tax code.
    public static func isPerson(_ number: String) -> Bool { number.count == 12 }
}

/// An issued outgoing document as the addressee's account lists it ("Văn bản nhận được").
public struct ReceivedDocument: Sendable, Hashable {
    /// The outgoing document.
    public var id: Int64
    public var numberSymbol: String
    public var issuedAt: Date
    /// The issuing agency's name.
    public var issuer: String
    public var typeCode: String
    public var summary: String
    public var signerName: String?
    /// The signed file's SHA-256 (its bytes are in the blob store).
    public var sha256: String

    public init(
        id: Int64, numberSymbol: String, issuedAt: Date, issuer: String, typeCode: String, summary: String, signerName: String?,
        sha256: String
    ) {
        self.id = id
        self.numberSymbol = numberSymbol
        self.issuedAt = issuedAt
        self.issuer = issuer
        self.typeCode = typeCode
        self.summary = summary
        self.signerName = signerName
        self.sha256 = sha256
    }
}

/// The documents delivered to the accounts of their addressees.
public protocol ReceivedDocumentRepository: Sendable {
    /// The issued documents delivered to the account holding `holderNumber`, newest first.
    func received(holderNumber: String, limit: Int) async throws -> [ReceivedDocument]
    /// Document `id` when it was delivered to the account holding `holderNumber`.
    func received(id: Int64, holderNumber: String) async throws -> ReceivedDocument?
}
