import Foundation

/// One component of a procedure's dossier (thành phần hồ sơ) as the counter received it: which requirement of
/// the procedure, how many originals and copies were handed in, and whether a scan of it was attached.
/// Only components actually received are recorded; the receipt (Mẫu số 01) prints exactly these.
public struct ReceivedComponent: Codable, Sendable, Hashable {
    /// Index of the requirement in the procedure's document list.
    public var requirement: Int
    public var originals: Int
    public var copies: Int
    /// A scan (electronic copy) of the paper was attached at the counter.
    public var scanned: Bool

    public init(requirement: Int, originals: Int, copies: Int, scanned: Bool = false) {
        self.requirement = requirement
        self.originals = originals
        self.copies = copies
        self.scanned = scanned
    }

    enum CodingKeys: String, CodingKey { case requirement, originals, copies, scanned }

    /// Decodes a component; `scanned` defaults to false.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            requirement: try c.decode(Int.self, forKey: .requirement), originals: try c.decode(Int.self, forKey: .originals),
            copies: try c.decode(Int.self, forKey: .copies), scanned: try c.decodeIfPresent(Bool.self, forKey: .scanned) ?? false)
    }

    /// The most papers of one component the counter records.
    public static let maxCount = 50

    /// Checks a counter checklist against `procedure`: each component once, a known requirement, counts within
    /// 0...`maxCount` and at least one paper; every requirement not marked `conditional` received. A missing
    /// one is refused with the list of what is missing, in Vietnamese and English (`receipt.componentsMissing`).
    public static func check(_ components: [ReceivedComponent], against procedure: Procedure) throws {
        var seen = Set<Int>()
        for c in components {
            guard procedure.documents.indices.contains(c.requirement), seen.insert(c.requirement).inserted else {
                throw DomainError.invalid("components.requirement")
            }
            let counts = 0...maxCount
            guard counts.contains(c.originals), counts.contains(c.copies), c.originals + c.copies > 0 else {
                throw DomainError(.invalid, "receipt.componentCount", ["name": procedure.documents[c.requirement].name])
            }
        }
        let missing = procedure.documents.enumerated().filter { !$0.element.conditional && !seen.contains($0.offset) }.map(\.element)
        guard missing.isEmpty else {
            throw DomainError(
                .invalid, "receipt.componentsMissing",
                ["names": missing.map(\.name).joined(separator: "; "), "namesEn": missing.map(\.nameEn).joined(separator: "; ")])
        }
    }
}
