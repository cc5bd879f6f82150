import Foundation

/// A work dossier (hồ sơ công việc): the documents of one task, opened and closed by officers of an
/// agency (Decree 30/2020/NĐ-CP, Chapter IV on filing: each officer files the documents of the tasks
/// they handle). Closed, it counts as handled fully online when every document in it was handled in
/// the system: each incoming document closed by its lead unit, each outgoing one signed and issued here.
public struct WorkDossier: Sendable, Hashable {
    public var id: Int64
    public var agencyId: String
    public var title: String
    /// The year it was opened, the year its figures count for.
    public var year: Int
    public var openedBy: String
    public var openedAt: Date
    public var closedBy: String?
    public var closedAt: Date?
    /// Set at closing.
    public var fullyOnline: Bool?
    public var documentIds: [Int64]
    public var version: Int

    public init(
        id: Int64, agencyId: String, title: String, year: Int, openedBy: String, openedAt: Date, closedBy: String? = nil,
        closedAt: Date? = nil, fullyOnline: Bool? = nil, documentIds: [Int64] = [], version: Int = 1
    ) {
        self.id = id
        self.agencyId = agencyId
        self.title = title
        self.year = year
        self.openedBy = openedBy
        self.openedAt = openedAt
        self.closedBy = closedBy
        self.closedAt = closedAt
        self.fullyOnline = fullyOnline
        self.documentIds = documentIds
        self.version = version
    }
}

/// An agency's work dossiers closed in a year, and how many of them were handled fully online.
public struct OnlineWorkShare: Sendable, Hashable {
    public var agencyId: String
    public var closed: Int
    public var fullyOnline: Int
    /// The province's target for the agency's level, in percent.
    public var target: Int

    public init(agencyId: String, closed: Int, fullyOnline: Int, target: Int) {
        self.agencyId = agencyId
        self.closed = closed
        self.fullyOnline = fullyOnline
        self.target = target
    }

    /// The share handled fully online, in percent (0 when none is closed).
    public var percent: Double { closed == 0 ? 0 : Double(fullyOnline) * 100 / Double(closed) }
    public var meetsTarget: Bool { closed > 0 && percent >= Double(target) }
}

/// The share of work dossiers to handle online, per level of government, as data with its source.
public enum OnlineWorkTargets {
    /// Resolution 17/NQ-CP of 7 March 2019 on e-government, section I.2, targets for 2021-2025: 90% of
    /// work dossiers at ministry and province level, 80% at district level, 60% at commune level handled
    /// online (state secrets excepted). Since 1 July 2025 the province has no district level.
    public static let source = "Nghị quyết 17/NQ-CP ngày 07/3/2019 của Chính phủ, mục I.2 (chỉ tiêu giai đoạn 2021-2025)"
    public static let province = 90
    public static let district = 80
    public static let commune = 60

    /// The target of an agency of `kind`.
    public static func target(for kind: AgencyKind) -> Int {
        OfficialDocumentRules.isCommuneLevel(kind) ? commune : province
    }
}

/// Work dossiers. Every write runs in one transaction with its audit line.
public protocol WorkDossierRepository: Sendable {
    func open(_ dossier: WorkDossier, audit: @escaping @Sendable (Int64) -> AuditEntry) async throws -> Int64
    /// Files document `documentId` in an open dossier (once); false when the dossier is closed.
    func add(dossierId: Int64, documentId: Int64, by: String, at: Date, audit: AuditEntry) async throws -> Bool
    /// Closes an open dossier still at `expectedVersion` holding at least one document, recording
    /// whether every document in it was handled in the system; false when it moved, is closed or empty.
    func close(id: Int64, expectedVersion: Int, by: String, at: Date, audit: AuditEntry) async throws -> Bool
    func dossier(id: Int64) async throws -> WorkDossier?
    /// The agency's dossiers, open ones first, newest first.
    func list(agencyId: String, limit: Int) async throws -> [WorkDossier]
    /// Per agency: the dossiers of `year` closed, and those handled fully online.
    func closedCounts(year: Int) async throws -> [(agencyId: String, closed: Int, fullyOnline: Int)]
}
