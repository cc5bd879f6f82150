import Foundation

/// A citizen's search in their own dossiers: words found in the code or the procedure's name (marks
/// and case ignored), and where the dossier stands. It filters the account's own list only, so it
/// can never reach another account's dossier.
public struct MyDossierFilter: Sendable, Hashable {
    /// Where a dossier stands, as the citizen asks for it.
    public enum Standing: String, Sendable, CaseIterable {
        /// Not finished yet.
        case open
        /// Waiting for the citizen: a fee to pay or a supplement to send.
        case action
        /// Finished (returned, refused, withdrawn or stopped).
        case finished
    }

    /// The folded words typed, nil for none.
    public let words: String?
    public let standing: Standing?

    /// Reads what the citizen typed; an unknown standing or overlong text is `invalid`.
    public init(text: String?, standing: String?) throws {
        let typed = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard typed.count <= 100 else { throw DomainError.invalid("q", "myDossiers.badQuery") }
        words = typed.isEmpty ? nil : VietnameseFolding.fold(typed)
        if let standing, !standing.isEmpty {
            guard let value = Standing(rawValue: standing) else { throw DomainError.invalid("status") }
            self.standing = value
        } else {
            self.standing = nil
        }
    }

    public var isEmpty: Bool { words == nil && standing == nil }

    /// Whether `dossier` (of procedure `procedureName`; `waiting` when the citizen has something to do) matches.
    public func matches(_ dossier: Dossier, procedureName: String, waiting: Bool) -> Bool {
        if let words {
            let haystack =
                VietnameseFolding.fold(dossier.code) + " " + VietnameseFolding.fold(procedureName) + " "
                + VietnameseFolding.fold(dossier.procedureCode)
            guard haystack.contains(words) else { return false }
        }
        switch standing {
        case nil: return true
        case .open: return dossier.finishedAt == nil
        case .finished: return dossier.finishedAt != nil
        case .action: return waiting
        }
    }
}
