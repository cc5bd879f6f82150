import Foundation

/// A unit's self-assessment with its evidence, and the appraisers' review of each sub-index.
extension DTIService {
    /// Stores a unit's declarations, checked against the framework, the deadline and the evidence
    /// the unit uploaded in this round.
    public func declare(
        _ round: DTIRound, unit: String, _ declarations: [DTIDeclaration], officer: Officer, by actor: AuditActor
    ) async throws {
        try await requireDeclarant(officer, round: round, unit: unit)
        guard !declarations.isEmpty, Set(declarations.map(\.subIndex)).count == declarations.count else {
            throw DomainError.invalid("entries", "dti.noDeclarations")
        }
        let uploaded = try await repository.evidence(roundId: round.id, unit: unit)
        for d in declarations {
            guard let s = round.framework.subIndex(d.subIndex) else {
                throw DomainError(.invalid, "dti.unknownSubIndex", ["code": d.subIndex])
            }
            try d.validate(against: s)
            guard Set(d.evidence).isSubset(of: uploaded) else { throw DomainError.invalid("evidence", "dti.unknownEvidence") }
        }
        try await repository.declare(roundId: round.id, unit: unit, declarations, actor: actor.name, at: clock.now())
    }

    /// Refuses an officer who is not of the unit (forbidden), and any declaration after the deadline.
    public func requireDeclarant(_ officer: Officer, round: DTIRound, unit: String) async throws {
        guard let own = try await ownUnit(officer), own.group == round.group, own.key == unit else {
            throw DomainError.forbidden("dti.unitForbidden")
        }
        guard round.acceptsDeclarations(today: today) else { throw DomainError.conflict("dti.declarationsClosed") }
    }

    /// Records a stored document as the unit's evidence for a sub-index, with its history line.
    public func addEvidence(
        _ round: DTIRound, unit: String, subIndex: String, documentId: Int64, officer: Officer, by actor: AuditActor
    ) async throws {
        try await requireDeclarant(officer, round: round, unit: unit)
        try await repository.addEvidence(
            roundId: round.id, unit: unit, subIndex: subIndex, documentId: documentId, actor: actor.name, at: clock.now())
    }

    /// The appraiser's decision on a declared sub-index. Accepting needs the evidence the
    /// framework asks for; adjusting and asking for evidence need a reason.
    public func review(
        _ round: DTIRound, unit: String, subIndex: String, _ review: DTIReview, officer: Officer, by actor: AuditActor
    ) async throws {
        try requireAppraiser(officer, round: round)
        guard round.status == .open else { throw DomainError.conflict("dti.roundPublished") }
        guard let s = round.framework.subIndex(subIndex), s.source == .reported else {
            throw DomainError(.invalid, "dti.unknownSubIndex", ["code": subIndex])
        }
        guard let entry = try await repository.entries(roundId: round.id, unit: unit)[subIndex] else {
            throw DomainError.conflict("dti.nothingDeclared")
        }
        switch review {
        case .accept:
            if s.evidenceRequired, entry.value > 0, entry.evidence.isEmpty { throw DomainError.conflict("dti.evidenceMissing") }
        case .adjust(let value, let denominator, let reason):
            try DTIDeclaration(subIndex: subIndex, value: value, denominator: denominator).validate(against: s)
            try Self.checkReason(reason)
        case .moreEvidence(let reason):
            try Self.checkReason(reason)
        }
        let now = clock.now()
        guard try await repository.review(roundId: round.id, unit: unit, subIndex: subIndex, review, actor: actor.name, at: now)
        else {
            throw DomainError.conflict("dti.nothingDeclared")
        }
    }

    static func checkReason(_ reason: String) throws {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 1000 else { throw DomainError.invalid("reason", "dti.reasonRequired") }
    }

}
