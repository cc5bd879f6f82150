import Foundation

/// A step of a partly online procedure that the applicant does in person (for example showing the
/// originals, or both spouses signing the register when the result is handed over), with its article.
public struct InPersonStep: Codable, Sendable, Hashable {
    public var name: String
    public var nameEn: String
    public var basis: String

    public init(name: String, nameEn: String, basis: String) {
        self.name = name
        self.nameEn = nameEn
        self.basis = basis
    }
}

/// A procedure no longer received on paper: from `since`, the dossier is submitted online only (at
/// the counter, an officer submits it online on the applicant's behalf), as the cited text directs.
public struct OnlineOnlyRule: Codable, Sendable, Hashable {
    public var basis: String
    public var since: LocalDate

    public init(basis: String, since: LocalDate) {
        self.basis = basis
        self.since = since
    }

    /// Whether paper is refused on `day`.
    public func applies(on day: LocalDate) -> Bool { day >= since }
}

/// How a procedure is offered online, as the texts write it: the article defining its level, the
/// steps left in person when it is partly online, and the online-only rule when there is one.
public struct OnlineTerms: Codable, Sendable, Hashable {
    /// The article defining the online level (Decree 42/2022/NĐ-CP, art. 11).
    public var levelBasis: String?
    public var inPersonSteps: [InPersonStep]
    public var onlineOnly: OnlineOnlyRule?

    public init(levelBasis: String? = nil, inPersonSteps: [InPersonStep] = [], onlineOnly: OnlineOnlyRule? = nil) {
        self.levelBasis = levelBasis
        self.inPersonSteps = inPersonSteps
        self.onlineOnly = onlineOnly
    }

    enum CodingKeys: String, CodingKey { case levelBasis, inPersonSteps, onlineOnly }

    /// Decodes the terms; every part may be left out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            levelBasis: try c.decodeIfPresent(String.self, forKey: .levelBasis),
            inPersonSteps: try c.decodeIfPresent([InPersonStep].self, forKey: .inPersonSteps) ?? [],
            onlineOnly: try c.decodeIfPresent(OnlineOnlyRule.self, forKey: .onlineOnly))
    }
}

extension Procedure {
    /// Whether the procedure is received on paper no longer on `day` (only online, assisted at the counter).
    public func isOnlineOnly(on day: LocalDate) -> Bool { onlineTerms.onlineOnly?.applies(on: day) ?? false }
}
