import Foundation

/// The assessment year's rules: who may open, declare, review and publish; scores from the
/// appraised values and the live platform indicators; rankings against the previous year.
/// Every change goes through it, with its audit line written in the change's transaction.
public struct DTIService: Sendable {
    let repository: any DTIRepository
    public let units: any DTIUnitDirectory
    public let indicators: any DTIIndicatorSource
    let agencies: any AgencyRepository
    let clock: Clock
    let utcOffsetSeconds: Int

    /// `utcOffsetSeconds` is the province's time zone, which says what "today" is for deadlines.
    public init(
        repository: any DTIRepository, units: any DTIUnitDirectory, indicators: any DTIIndicatorSource,
        agencies: any AgencyRepository, clock: Clock, utcOffsetSeconds: Int = 7 * 3600
    ) {
        self.repository = repository
        self.units = units
        self.indicators = indicators
        self.agencies = agencies
        self.clock = clock
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Today in the province.
    public var today: LocalDate { LocalDate.local(clock.now(), utcOffsetSeconds: utcOffsetSeconds).date }

    // MARK: Frameworks and rounds

    public func frameworkSet() async throws -> DTIFrameworkSet {
        guard let set = try await repository.frameworkSet() else { throw DomainError.notFound("dti.noFrameworks") }
        return set
    }

    /// Replaces the framework set (the caller is an administrator); rounds already opened keep
    /// the framework they froze.
    public func importFrameworks(_ set: DTIFrameworkSet, by actor: AuditActor) async throws {
        try set.validate()
        let now = clock.now()
        let line = actor.entry(
            "dti.frameworks.import", detail: set.frameworks.map { "\($0.code) v\($0.version)" }.joined(separator: ", "), at: now)
        try await repository.saveFrameworkSet(set, actor: actor.name, at: now, audit: line)
    }

    public func rounds() async throws -> [DTIRound] { try await repository.rounds() }

    public func round(_ id: Int64) async throws -> DTIRound {
        guard let round = try await repository.round(id: id) else { throw DomainError.notFound("dti.roundNotFound") }
        return round
    }

    /// Opens the year's round for a group with the newest framework of that group (or the one
    /// named), freezing it and its recognition criteria into the round.
    public func openRound(
        year: Int, group: DTIGroup, frameworkCode: String?, deadline: LocalDate, officer: Officer, by actor: AuditActor
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
        let now = clock.now()
        return try await repository.openRound(
            DTIRound(
                id: 0, year: year, group: group, framework: framework, recognition: recognition,
                deadline: deadline, appraiserAgency: set.appraiserAgency, status: .open,
                openedBy: officer.username, openedAt: now),
            audit: actor.entry("dti.open", detail: "\(year) \(group.rawValue)", at: now))
    }

    // MARK: Entries and history

    /// Every unit's entries of the round, by unit and sub-index.
    public func entries(_ round: DTIRound) async throws -> [String: [String: DTIEntry]] {
        try await repository.entries(roundId: round.id)
    }

    /// One unit's entries of the round, by sub-index.
    public func entries(_ round: DTIRound, unit: String) async throws -> [String: DTIEntry] {
        try await repository.entries(roundId: round.id, unit: unit)
    }

    /// The round's history lines that concern the unit (its own and the round's), oldest first.
    public func history(_ round: DTIRound, unit: String) async throws -> [DTIEvent] {
        try await repository.events(roundId: round.id, unit: unit)
    }
}
