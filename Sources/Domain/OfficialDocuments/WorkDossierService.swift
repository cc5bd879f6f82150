import Foundation

/// Work dossiers: officers of an agency open one per task, file the documents their agency may
/// see in it, and close it; the dashboard shows the share closed fully online against the targets.
public struct WorkDossierService: Sendable {
    let dossiers: any WorkDossierRepository
    let documents: OfficialDocumentService
    let agencies: any AgencyRepository
    let clock: Clock

    public init(dossiers: any WorkDossierRepository, documents: OfficialDocumentService, agencies: any AgencyRepository, clock: Clock) {
        self.dossiers = dossiers
        self.documents = documents
        self.agencies = agencies
        self.clock = clock
    }

    /// Refuses officers who handle no documents (receiving desk, returning desk, administrators).
    public static func checkOfficer(_ officer: Officer) throws {
        guard !officer.roles.isDisjoint(with: [.specialist, .leader, .clerk]) else {
            throw DomainError.forbidden("workDossier.officerOnly")
        }
    }

    public func open(title: String, by officer: Officer, from address: String?) async throws -> WorkDossier {
        try Self.checkOfficer(officer)
        let text = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...300).contains(text.count) else { throw DomainError.invalid("title", "workDossier.badTitle") }
        let now = clock.now()
        let dossier = WorkDossier(
            id: 0, agencyId: officer.agencyId, title: text, year: try await documents.today().year, openedBy: officer.username,
            openedAt: now)
        let actor = AuditActor(officer, address: address)
        let id = try await dossiers.open(dossier) { actor.entry("workDossier.open", target: String($0), detail: text, at: now) }
        return try await self.dossier(id, for: officer)
    }

    /// A dossier of the officer's agency; "not found" for any other.
    public func dossier(_ id: Int64, for officer: Officer) async throws -> WorkDossier {
        guard let d = try await dossiers.dossier(id: id), d.agencyId == officer.agencyId else {
            throw DomainError.notFound("workDossier.notFound")
        }
        return d
    }

    /// Files a document the officer's agency may see in an open dossier.
    public func add(_ id: Int64, documentId: Int64, by officer: Officer, from address: String?) async throws {
        try Self.checkOfficer(officer)
        let d = try await dossier(id, for: officer)
        _ = try await documents.document(documentId, for: officer)
        guard d.closedAt == nil else { throw DomainError.conflict("workDossier.closed") }
        let now = clock.now()
        let line = AuditActor(officer, address: address).entry("workDossier.add", target: String(id), detail: String(documentId), at: now)
        guard try await dossiers.add(dossierId: id, documentId: documentId, by: officer.username, at: now, audit: line) else {
            throw DomainError.conflict("workDossier.closed")
        }
    }

    /// Closes an open dossier holding at least one document.
    public func close(_ id: Int64, expectedVersion: Int, by officer: Officer, from address: String?) async throws -> WorkDossier {
        try Self.checkOfficer(officer)
        let d = try await dossier(id, for: officer)
        guard d.closedAt == nil else { throw DomainError.conflict("workDossier.closed") }
        guard !d.documentIds.isEmpty else { throw DomainError.conflict("workDossier.empty") }
        let now = clock.now()
        let line = AuditActor(officer, address: address).entry("workDossier.close", target: String(id), at: now)
        guard try await dossiers.close(id: id, expectedVersion: expectedVersion, by: officer.username, at: now, audit: line) else {
            throw DomainError.conflict("workDossier.staleVersion")
        }
        return try await dossier(id, for: officer)
    }

    public func list(for officer: Officer) async throws -> [WorkDossier] {
        try await dossiers.list(agencyId: officer.agencyId, limit: 200)
    }

    /// The share of this year's closed dossiers handled fully online per agency, in `scope`, with the
    /// target of each agency's level.
    public func onlineShares(in scope: StatScope) async throws -> [OnlineWorkShare] {
        let all = try await agencies.agencies(kind: nil)
        let kinds = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try await dossiers.closedCounts(year: try await documents.today().year).compactMap { row in
            guard let agency = kinds[row.agencyId] else { return nil }
            switch scope.kind {
            case .province: break
            case .agency: guard agency.id == scope.key else { return nil }
            case .commune: guard agency.unitCode == scope.key else { return nil }
            }
            return OnlineWorkShare(
                agencyId: row.agencyId, closed: row.closed, fullyOnline: row.fullyOnline, target: OnlineWorkTargets.target(for: agency.kind)
            )
        }
    }
}
