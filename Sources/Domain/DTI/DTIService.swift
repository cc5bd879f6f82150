import Foundation

/// The assessment year's rules: who may open, declare, review and publish; scores from the
/// appraised values and the live platform indicators; rankings against the previous year.
public struct DTIService: Sendable {
    public let repository: any DTIRepository
    public let units: any DTIUnitDirectory
    public let indicators: any DTIIndicatorSource

    public init(repository: any DTIRepository, units: any DTIUnitDirectory, indicators: any DTIIndicatorSource) {
        self.repository = repository
        self.units = units
        self.indicators = indicators
    }

    // MARK: Who may do what

    /// Administrators, and leaders or specialists of the appraising agency.
    public func isAppraiser(_ officer: Officer, agency: String) -> Bool {
        officer.active
            && (officer.roles.contains(.admin)
                || (officer.agencyId == agency && !officer.roles.isDisjoint(with: [.leader, .specialist])))
    }

    public func isAppraiser(_ officer: Officer) async throws -> Bool {
        isAppraiser(officer, agency: try await frameworkSet().appraiserAgency)
    }

    /// The unit whose self-assessment the officer fills in (leaders and specialists of it).
    public func ownUnit(_ officer: Officer) async throws -> (group: DTIGroup, key: String)? {
        guard officer.active, !officer.roles.isDisjoint(with: [.leader, .specialist]) else { return nil }
        return try await units.unit(ofAgency: officer.agencyId)
    }

    /// Appraisers see every unit of the round; a unit's officers see their own.
    public func requireView(_ officer: Officer, round: DTIRound, unit: String) async throws {
        if isAppraiser(officer, agency: round.appraiserAgency) { return }
        guard let own = try await ownUnit(officer), own.group == round.group, own.key == unit else {
            throw DomainError.forbidden("dti.unitForbidden")
        }
    }

    public func requireAppraiser(_ officer: Officer, round: DTIRound) throws {
        guard isAppraiser(officer, agency: round.appraiserAgency) else { throw DomainError.forbidden("dti.appraiserOnly") }
    }

    // MARK: Frameworks and rounds

    public func frameworkSet() async throws -> DTIFrameworkSet {
        guard let set = try await repository.frameworkSet() else { throw DomainError.notFound("dti.noFrameworks") }
        return set
    }

    public func round(_ id: Int64) async throws -> DTIRound {
        guard let round = try await repository.round(id: id) else { throw DomainError.notFound("dti.roundNotFound") }
        return round
    }

    /// Opens the year's round for a group with the newest framework of that group (or the one
    /// named), freezing it and its recognition criteria into the round.
    public func openRound(
        year: Int, group: DTIGroup, frameworkCode: String?, deadline: LocalDate, officer: Officer,
        today: LocalDate, now: Date
    ) async throws -> DTIRound {
        let set = try await frameworkSet()
        guard isAppraiser(officer, agency: set.appraiserAgency) else { throw DomainError.forbidden("dti.appraiserOnly") }
        guard (2000...2100).contains(year) else { throw DomainError.invalid("year", "dti.badYear") }
        guard deadline >= today, deadline.year <= year + 1 else { throw DomainError.invalid("deadline", "dti.badDeadline") }
        let candidates = set.frameworks.filter { $0.group == group && (frameworkCode == nil || $0.code == frameworkCode) }
        guard let framework = candidates.max(by: { $0.version < $1.version }) else {
            throw DomainError.invalid("framework", "dti.noFramework")
        }
        if try await repository.round(year: year, group: group) != nil { throw DomainError.conflict("dti.roundExists") }
        let recognition = set.recognition.first { $0.framework == framework.code }
        return try await repository.openRound(
            DTIRound(
                id: 0, year: year, group: group, framework: framework, recognition: recognition,
                deadline: deadline, appraiserAgency: set.appraiserAgency, status: .open,
                openedBy: officer.username, openedAt: now))
    }

    // MARK: Self-assessment and appraisal

    /// Stores a unit's declarations, checked against the framework, the deadline and the evidence
    /// the unit uploaded in this round.
    public func declare(
        _ round: DTIRound, unit: String, _ declarations: [DTIDeclaration], officer: Officer,
        today: LocalDate, now: Date
    ) async throws {
        guard let own = try await ownUnit(officer), own.group == round.group, own.key == unit else {
            throw DomainError.forbidden("dti.unitForbidden")
        }
        guard round.acceptsDeclarations(today: today) else { throw DomainError.conflict("dti.declarationsClosed") }
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
        try await repository.declare(roundId: round.id, unit: unit, declarations, actor: officer.username, at: now)
    }

    /// The appraiser's decision on a declared sub-index. Accepting needs the evidence the
    /// framework asks for; adjusting and asking for evidence need a reason.
    public func review(_ round: DTIRound, unit: String, subIndex: String, _ review: DTIReview, officer: Officer, now: Date) async throws {
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
        guard try await repository.review(roundId: round.id, unit: unit, subIndex: subIndex, review, actor: officer.username, at: now)
        else {
            throw DomainError.conflict("dti.nothingDeclared")
        }
    }

    static func checkReason(_ reason: String) throws {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 1000 else { throw DomainError.invalid("reason", "dti.reasonRequired") }
    }

    // MARK: Scores and rankings

    /// Every unit's score in the round: frozen results once published, else computed now from
    /// the appraised values and the live indicators.
    public func scores(_ round: DTIRound) async throws -> [DTIUnitScore] {
        if round.status == .published { return try await repository.results(roundId: round.id).map(\.score) }
        let all = try await units.units(round.group)
        async let entries = repository.entries(roundId: round.id)
        async let rates = indicators.rates(round.group, year: round.year)
        let (e, r) = try await (entries, rates)
        return all.map {
            DTIScoring.score(
                unit: $0.key, framework: round.framework, recognition: round.recognition,
                entries: e[$0.key] ?? [:], platform: r[$0.key] ?? [:])
        }
    }

    /// One unit's score (frozen or live).
    public func score(_ round: DTIRound, unit: String) async throws -> DTIUnitScore {
        if round.status == .published {
            guard let result = try await repository.results(roundId: round.id).first(where: { $0.score.unit == unit }) else {
                throw DomainError.notFound("dti.unitNotFound")
            }
            return result.score
        }
        guard try await units.units(round.group).contains(where: { $0.key == unit }) else { throw DomainError.notFound("dti.unitNotFound") }
        async let entries = repository.entries(roundId: round.id, unit: unit)
        async let rates = indicators.rates(round.group, year: round.year)
        let (e, r) = try await (entries, rates)
        return DTIScoring.score(
            unit: unit, framework: round.framework, recognition: round.recognition, entries: e, platform: r[unit] ?? [:])
    }

    /// The group's ranking: as published, or provisional (computed now) while the round is open;
    /// with the previous year's published totals and ranks.
    public func ranking(_ round: DTIRound) async throws -> [DTIRankedUnit] {
        if round.status == .published {
            return try await repository.results(roundId: round.id).map { r in
                DTIRankedUnit(
                    unit: r.score.unit, total: r.score.total,
                    pillars: Dictionary(uniqueKeysWithValues: r.score.pillars.map { ($0.code, $0.points) }), rank: r.rank,
                    recognised: r.score.recognised, previousTotal: r.previousTotal, previousRank: r.previousRank)
            }.sorted { $0.rank != $1.rank ? $0.rank < $1.rank : $0.unit < $1.unit }
        }
        let names = Dictionary(uniqueKeysWithValues: try await units.units(round.group).map { ($0.key, $0.name) })
        return DTIRankedUnit.rank(try await scores(round), previous: try await previous(round), name: { names[$0] ?? $0 })
    }

    /// Totals and ranks of the previous year's published round of the same group.
    func previous(_ round: DTIRound) async throws -> [String: (total: Double, rank: Int)] {
        guard let last = try await repository.round(year: round.year - 1, group: round.group), last.status == .published else { return [:] }
        var result: [String: (total: Double, rank: Int)] = [:]
        for r in try await repository.results(roundId: last.id) { result[r.score.unit] = (r.score.total, r.rank) }
        return result
    }

    /// Scores every unit with the appraised values and the indicators as they are now, ranks
    /// them and freezes the results.
    public func publish(_ round: DTIRound, officer: Officer, now: Date) async throws -> [DTIRankedUnit] {
        try requireAppraiser(officer, round: round)
        guard round.status == .open else { throw DomainError.conflict("dti.roundPublished") }
        let scores = try await scores(round)
        let names = Dictionary(uniqueKeysWithValues: try await units.units(round.group).map { ($0.key, $0.name) })
        let ranked = DTIRankedUnit.rank(scores, previous: try await previous(round), name: { names[$0] ?? $0 })
        let byUnit = Dictionary(uniqueKeysWithValues: scores.map { ($0.unit, $0) })
        let results = ranked.compactMap { r in
            byUnit[r.unit].map { DTIResult(score: $0, rank: r.rank, previousTotal: r.previousTotal, previousRank: r.previousRank) }
        }
        try await repository.publish(roundId: round.id, results: results, actor: officer.username, at: now)
        return ranked
    }

    // MARK: Targets

    /// Where a target stands: met or not by the published result, or on course by the
    /// provisional score while the round is open; pending when no round covers it.
    public enum TargetStatus: String, Codable, Sendable, CaseIterable { case met, notMet, onCourse, behind, pending }

    /// The year's targets with their status.
    public func targets(year: Int) async throws -> [(target: DTITarget, status: TargetStatus, score: Double?)] {
        let targets = try await repository.targets(year: year)
        var scores: [DTIGroup: (published: Bool, byUnit: [String: DTIUnitScore])] = [:]
        for group in Set(targets.map(\.group)) {
            guard let round = try await repository.round(year: year, group: group) else { continue }
            scores[group] = (
                round.status == .published, Dictionary(uniqueKeysWithValues: try await self.scores(round).map { ($0.unit, $0) })
            )
        }
        return targets.map { t in
            guard let group = scores[t.group], let s = group.byUnit[t.unit] else { return (t, .pending, nil) }
            let reached = t.kind == .recognised ? s.recognised == true : s.total >= (t.minimumScore ?? 0)
            return (t, group.published ? (reached ? .met : .notMet) : (reached ? .onCourse : .behind), s.total)
        }
    }

    /// Sets a target (appraisers), checked against the group's units and framework maximum.
    public func setTarget(_ target: DTITarget, officer: Officer) async throws -> DTITarget {
        let set = try await frameworkSet()
        guard isAppraiser(officer, agency: set.appraiserAgency) else { throw DomainError.forbidden("dti.appraiserOnly") }
        let maxPoints = set.frameworks.filter { $0.group == target.group }.map(\.maxPoints).max() ?? 0
        try target.validate(maxPoints: maxPoints)
        guard try await units.units(target.group).contains(where: { $0.key == target.unit }) else {
            throw DomainError.invalid("unit", "dti.unitNotFound")
        }
        return try await repository.saveTarget(target)
    }
}
