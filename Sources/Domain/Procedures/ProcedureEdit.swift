import Foundation

/// An administrator's edit of one procedure from the catalogue pages: its fees, time limit, online level
/// (with the online-only rule) and documents. A fee added or whose amount changes, a changed time limit
/// and a changed online level each cite the article they come from; the audit line keeps the citations.
public struct ProcedureEdit: Sendable, Hashable {
    public var fees: [Fee]
    public var timeLimit: TimeLimit
    public var timeLimitBasis: String?
    public var onlineLevel: OnlineLevel
    public var levelBasis: String?
    public var onlineOnly: OnlineOnlyRule?
    public var documents: [RequiredDocument]

    /// The most fees and documents a procedure lists, the highest amount in đồng, the longest text.
    public static let maxFees = 20
    public static let maxDocuments = 40
    public static let maxAmount = 100_000_000
    public static let maxText = 500
    public static let maxCount = 20

    public init(
        fees: [Fee], timeLimit: TimeLimit, timeLimitBasis: String?, onlineLevel: OnlineLevel, levelBasis: String?,
        onlineOnly: OnlineOnlyRule?, documents: [RequiredDocument]
    ) {
        self.fees = fees
        self.timeLimit = timeLimit
        self.timeLimitBasis = timeLimitBasis
        self.onlineLevel = onlineLevel
        self.levelBasis = levelBasis
        self.onlineOnly = onlineOnly
        self.documents = documents
    }

    /// The edit of `procedure` that changes nothing (the form's starting values).
    public init(of procedure: Procedure) {
        self.init(
            fees: procedure.fees, timeLimit: procedure.timeLimit, timeLimitBasis: procedure.timeLimitBasis,
            onlineLevel: procedure.onlineLevel, levelBasis: procedure.onlineTerms.levelBasis,
            onlineOnly: procedure.onlineTerms.onlineOnly, documents: procedure.documents)
    }

    /// `procedure` with the edit applied, and what changed (for the audit line); throws the first broken rule.
    public func applied(to procedure: Procedure) throws -> (procedure: Procedure, changes: [String]) {
        var changes: [String] = []
        var p = procedure
        p.fees = try checkedFees(procedure.fees, changes: &changes)
        let limitBasis = try Self.text(timeLimitBasis)
        guard timeLimit.isValid else { throw DomainError.invalid("timeLimit", "catalogue.badTimeLimit") }
        if timeLimit != procedure.timeLimit {
            guard let limitBasis else { throw DomainError.invalid("timeLimitBasis", "catalogue.timeLimitBasisRequired") }
            changes.append("timeLimit \(procedure.timeLimit.cell) → \(timeLimit.cell) (\(limitBasis))")
        }
        p.timeLimit = timeLimit
        p.timeLimitBasis = limitBasis
        let level = try Self.text(levelBasis)
        if onlineLevel != procedure.onlineLevel {
            guard let level, level != procedure.onlineTerms.levelBasis else {
                throw DomainError.invalid("levelBasis", "catalogue.levelBasisRequired")
            }
            changes.append("onlineLevel \(procedure.onlineLevel.rawValue) → \(onlineLevel.rawValue) (\(level))")
        }
        p.onlineLevel = onlineLevel
        p.onlineTerms.levelBasis = level
        let rule = try onlineOnly.map { rule in
            guard let basis = try Self.text(rule.basis) else {
                throw DomainError.invalid("onlineOnlyBasis", "catalogue.onlineOnlyBasisRequired")
            }
            return OnlineOnlyRule(basis: basis, since: rule.since)
        }
        if rule != procedure.onlineTerms.onlineOnly {
            changes.append(rule.map { "onlineOnly since \($0.since.iso) (\($0.basis))" } ?? "onlineOnly removed")
        }
        p.onlineTerms.onlineOnly = rule
        p.documents = try checkedDocuments(procedure.documents)
        if p.documents != procedure.documents { changes.append("documents \(procedure.documents.count) → \(p.documents.count)") }
        if changes.isEmpty && p != procedure { changes.append("texts") }
        return (p, changes)
    }

    /// The fees, checked: a name, an amount within bounds, and the article for a fee added or whose amount changed.
    private func checkedFees(_ before: [Fee], changes: inout [String]) throws -> [Fee] {
        guard fees.count <= Self.maxFees else { throw DomainError.invalid("fees", "catalogue.tooManyRows") }
        let checked = try fees.enumerated().map { index, fee in
            let row = ["row": String(index + 1)]
            guard let name = try Self.text(fee.name) else { throw DomainError(.invalid, "catalogue.feeNameRequired", row) }
            guard (0...Self.maxAmount).contains(fee.amount) else { throw DomainError(.invalid, "catalogue.badFeeAmount", row) }
            var checked = fee
            checked.name = name
            checked.nameEn = try Self.text(fee.nameEn) ?? ""
            checked.note = try Self.text(fee.note)
            checked.basis = try Self.text(fee.basis)
            let old = before.first { $0.name == fee.name && $0.per == fee.per }
            if old?.amount != fee.amount || old?.basis != checked.basis {
                guard let basis = checked.basis else { throw DomainError(.invalid, "catalogue.feeBasisRequired", row) }
                changes.append(
                    "fee \"\(name)\" \(old.map { String($0.amount) } ?? "new") → \(fee.amount) per \(fee.per.rawValue) (\(basis))")
            }
            return checked
        }
        for old in before where !checked.contains(where: { $0.name == old.name && $0.per == old.per }) {
            changes.append("fee \"\(old.name)\" removed")
        }
        return checked
    }

    /// The documents, checked: named, counts within bounds, none of those listed before removed (dossiers
    /// refer to a document by its place in the list).
    private func checkedDocuments(_ before: [RequiredDocument]) throws -> [RequiredDocument] {
        guard documents.count <= Self.maxDocuments else { throw DomainError.invalid("documents", "catalogue.tooManyRows") }
        guard documents.count >= before.count else { throw DomainError.invalid("documents", "catalogue.documentRemoved") }
        return try documents.enumerated().map { index, document in
            let row = ["row": String(index + 1)]
            guard let name = try Self.text(document.name) else { throw DomainError(.invalid, "catalogue.documentNameRequired", row) }
            let counts = 0...Self.maxCount
            guard counts.contains(document.originals), counts.contains(document.copies) else {
                throw DomainError(.invalid, "catalogue.badDocumentCount", row)
            }
            var checked = document
            checked.name = name
            checked.nameEn = try Self.text(document.nameEn) ?? name
            return checked
        }
    }

    /// `value` trimmed, nil when empty; a text longer than `maxText` is refused.
    static func text(_ value: String?) throws -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= maxText else { throw DomainError(.invalid, "catalogue.textTooLong", ["max": String(maxText)]) }
        return trimmed
    }
}

extension CatalogueService {
    /// Applies `edit` to the procedure `code` and writes it with its audit line in one transaction; the
    /// catalogue's caches are dropped on every instance. Returns whether anything changed (nothing is written otherwise).
    @discardableResult
    public func updateProcedure(code: String, edit: ProcedureEdit, by actor: AuditActor) async throws -> Bool {
        guard let procedure = try await catalogue.procedure(code: code) else { throw DomainError.notFound("procedure.notFound") }
        let (updated, changes) = try edit.applied(to: procedure)
        guard !changes.isEmpty else { return false }
        try updated.validate()
        let detail = String(changes.joined(separator: "; ").prefix(2000))
        let line = actor.entry("catalogue.procedureUpdated", target: code, detail: detail, at: clock.now())
        _ = try await catalogue.importCatalogue(fields: [], procedures: [updated], audit: line)
        return true
    }
}
