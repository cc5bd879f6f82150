import Foundation

/// What an officer reaches on the round's overview page.
public enum DTIRoundAccess: Sendable, Hashable {
    /// The appraisers' overview of every unit.
    case overview
    /// The page of the officer's own unit in the round.
    case ownUnit(String)
}

/// Which targets an officer sees: every target (appraisers, who may also set them, and the
/// province), or those of the officer's own unit.
public struct DTITargetAccess: Sendable {
    /// Whether the officer sets and deletes targets.
    public let canSet: Bool
    /// The only unit whose targets the officer sees; nil for every unit.
    public let unit: (group: DTIGroup, key: String)?

    /// Whether the target is one the officer sees.
    public func sees(_ target: DTITarget) -> Bool {
        guard let unit else { return true }
        return target.group == unit.group && target.unit == unit.key
    }
}

/// Who may do what in the assessment: the appraisers, a unit's own officers, the province's leaders.
extension DTIService {
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

    /// Administrators and leaders of the provincial committee or the service centre follow rankings under way.
    public func seesProvince(_ officer: Officer) async throws -> Bool {
        if officer.roles.contains(.admin) { return true }
        guard officer.roles.contains(.leader), let agency = try await agencies.agency(id: officer.agencyId) else { return false }
        return agency.kind == .provincialCommittee || agency.kind == .serviceCentre
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

    /// The appraisers reach the overview; a unit's officers their own unit's page; anyone else is refused.
    public func roundAccess(_ officer: Officer, round: DTIRound) async throws -> DTIRoundAccess {
        if isAppraiser(officer, agency: round.appraiserAgency) { return .overview }
        if let own = try await ownUnit(officer), own.group == round.group { return .ownUnit(own.key) }
        throw DomainError.forbidden("dti.appraiserOnly")
    }

    /// A published ranking is open to every officer; a provisional one to the appraisers and the province.
    public func requireRankingReader(_ officer: Officer, round: DTIRound) async throws {
        if round.status == .published || isAppraiser(officer, agency: round.appraiserAgency) { return }
        guard try await seesProvince(officer) else { throw DomainError.forbidden("dti.rankingNotPublished") }
    }

    /// The targets the officer sees; refused to an officer who is neither an appraiser, nor of the
    /// province, nor of an assessed unit (`ownUnit` false: refused to a unit's officers too).
    public func targetAccess(_ officer: Officer, ownUnit allowOwn: Bool) async throws -> DTITargetAccess {
        let appraiser = try await isAppraiser(officer)
        let province = try await seesProvince(officer)
        if appraiser || province { return DTITargetAccess(canSet: appraiser, unit: nil) }
        if allowOwn, let own = try await ownUnit(officer) { return DTITargetAccess(canSet: false, unit: own) }
        throw DomainError.forbidden("dti.appraiserOnly")
    }

    /// The round and unit of a piece of evidence the officer may download; "not found" to anyone else.
    public func evidenceOwner(documentId: Int64, officer: Officer) async throws -> (round: DTIRound, unit: String) {
        guard let owner = try await repository.evidenceOwner(documentId: documentId),
            let round = try await repository.round(id: owner.roundId)
        else { throw DomainError.notFound("document.notFound") }
        do { try await requireView(officer, round: round, unit: owner.unit) } catch { throw DomainError.notFound("document.notFound") }
        return (round, owner.unit)
    }
}
