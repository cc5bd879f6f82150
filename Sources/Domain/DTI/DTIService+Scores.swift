import Foundation

/// Scores, rankings and the publication that freezes them.
extension DTIService {
    /// Every unit's score in the round: frozen results once published, else computed now from
    /// the appraised values and the live indicators.
    public func scores(_ round: DTIRound) async throws -> [DTIUnitScore] {
        if round.status == .published { return try await repository.results(roundId: round.id).map(\.score) }
        let all = try await units.units(round.group)
        async let entries = repository.entries(roundId: round.id)
        async let rates = indicators.rates(round.group, year: round.year, today: today)
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
        async let rates = indicators.rates(round.group, year: round.year, today: today)
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
    public func publish(_ round: DTIRound, officer: Officer, by actor: AuditActor) async throws -> [DTIRankedUnit] {
        try requireAppraiser(officer, round: round)
        guard round.status == .open else { throw DomainError.conflict("dti.roundPublished") }
        let scores = try await scores(round)
        let names = Dictionary(uniqueKeysWithValues: try await units.units(round.group).map { ($0.key, $0.name) })
        let ranked = DTIRankedUnit.rank(scores, previous: try await previous(round), name: { names[$0] ?? $0 })
        let byUnit = Dictionary(uniqueKeysWithValues: scores.map { ($0.unit, $0) })
        let results = ranked.compactMap { r in
            byUnit[r.unit].map { DTIResult(score: $0, rank: r.rank, previousTotal: r.previousTotal, previousRank: r.previousRank) }
        }
        let now = clock.now()
        let line = actor.entry("dti.publish", target: "\(round.id)", detail: "\(ranked.count) units", at: now)
        try await repository.publish(roundId: round.id, results: results, actor: actor.name, at: now, audit: line)
        return ranked
    }

}
