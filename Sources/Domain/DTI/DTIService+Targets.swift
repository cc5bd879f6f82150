import Foundation

/// The targets the province sets per unit and year, and where each stands.
extension DTIService {
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
    public func setTarget(
        year: Int, group: DTIGroup, unit: String, kind: DTITarget.Kind, minimumScore: Double?, note: String,
        officer: Officer, by actor: AuditActor
    ) async throws -> DTITarget {
        let now = clock.now()
        let target = DTITarget(
            year: year, group: group, unit: unit, kind: kind, minimumScore: minimumScore, note: note,
            setBy: officer.username, setAt: now)
        let set = try await frameworkSet()
        guard isAppraiser(officer, agency: set.appraiserAgency) else { throw DomainError.forbidden("dti.appraiserOnly") }
        let maxPoints = set.frameworks.filter { $0.group == target.group }.map(\.maxPoints).max() ?? 0
        try target.validate(maxPoints: maxPoints)
        guard try await units.units(target.group).contains(where: { $0.key == target.unit }) else {
            throw DomainError.invalid("unit", "dti.unitNotFound")
        }
        let line = actor.entry("dti.target.set", detail: "\(year) \(unit) \(kind.rawValue)", at: now)
        return try await repository.saveTarget(target, audit: line)
    }

    /// Deletes a target (appraisers); `id` is nil when the caller's text names no target.
    public func deleteTarget(id: Int64?, officer: Officer, by actor: AuditActor) async throws {
        guard try await isAppraiser(officer) else { throw DomainError.forbidden("dti.appraiserOnly") }
        guard let id else { throw DomainError.notFound("dti.targetNotFound") }
        let line = actor.entry("dti.target.delete", target: "\(id)", at: clock.now())
        guard try await repository.deleteTarget(id: id, audit: line) else { throw DomainError.notFound("dti.targetNotFound") }
    }
}
