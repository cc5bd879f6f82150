import Foundation

/// The procedure catalogue and the workflows procedures point to.
public protocol CatalogueRepository: Sendable {
    func fields() async throws -> [ProcedureField]
    func procedure(code: String) async throws -> Procedure?
    /// Procedures whose folded name or code contains every folded word of `query`.
    func search(_ query: ProcedureQuery) async throws -> [Procedure]
    func allProcedures() async throws -> [Procedure]
    /// Inserts or replaces procedures (and unknown fields) in one transaction.
    func importCatalogue(fields: [ProcedureField], procedures: [Procedure]) async throws -> Int
    func workflow(code: String) async throws -> Workflow?
    func saveWorkflow(_ workflow: Workflow) async throws
}

/// Filters for a catalogue search.
public struct ProcedureQuery: Sendable, Hashable {
    public var text: String
    public var field: String?
    public var level: ProcedureLevel?
    public var limit: Int
    public init(text: String = "", field: String? = nil, level: ProcedureLevel? = nil, limit: Int = 50) {
        self.text = text
        self.field = field
        self.level = level
        self.limit = limit
    }
}

/// Agencies, officers and administrative units.
public protocol AgencyRepository: Sendable {
    func agency(id: String) async throws -> Agency?
    func agency(shortCode: String) async throws -> Agency?
    /// The commune-level agency of `kind` serving commune `unitCode`.
    func communeAgency(unitCode: String, kind: AgencyKind) async throws -> Agency?
    func agencies(kind: AgencyKind?) async throws -> [Agency]
    func officer(id: Int64) async throws -> Officer?
    func officers(agencyId: String) async throws -> [Officer]
    func units(tree: String, parentCode: String?) async throws -> [AdministrativeUnit]
}

/// Working calendars, editable by an administrator.
public protocol CalendarRepository: Sendable {
    func calendar(code: String) async throws -> WorkingCalendar?
    func defaultCalendarCode() async throws -> String
    /// Adds or replaces an exception day.
    func setDay(calendar: String, day: CalendarDay) async throws
    func removeDay(calendar: String, date: LocalDate) async throws
}

/// Dossiers and their immutable history.
public protocol DossierRepository: Sendable {
    /// Stores a new dossier with its first event and `extras` in one transaction, allocating its code.
    /// With an idempotency key already used, returns the dossier stored the first time and `created == false`.
    func create(
        _ dossier: Dossier, event: DossierEvent, extras: DossierChangeExtras, idempotencyKey: String?,
        utcOffsetSeconds: Int
    ) async throws -> (dossier: Dossier, created: Bool)
    func dossier(code: String) async throws -> Dossier?
    func events(dossierId: Int64) async throws -> [DossierEvent]
    /// The public progress of a dossier, read in one query.
    func progress(code: String) async throws -> DossierProgress?
    /// Replaces the dossier if its stored version is still `expectedVersion`, appends the event and
    /// writes `extras`, in one transaction; throws a conflict otherwise.
    func update(_ dossier: Dossier, expectedVersion: Int, event: DossierEvent, extras: DossierChangeExtras) async throws -> Dossier
    func dossier(id: Int64) async throws -> Dossier?
    /// The dossier stored under an idempotency key, if any.
    func dossier(idempotencyKey: String) async throws -> Dossier?
    /// A citizen's dossiers, newest first.
    func dossiers(citizenId: Int64, limit: Int) async throws -> [Dossier]
    func queue(_ query: QueueQuery) async throws -> QueuePage
    func countByState() async throws -> [String: Int]
    /// The states dossiers of `workflowCode` are in now.
    func statesInUse(workflowCode: String) async throws -> Set<String>
}

/// A page of an officer's queue.
public struct QueuePage: Sendable {
    public var items: [Dossier]
    /// Opaque cursor for the next page; nil on the last page.
    public var nextCursor: String?
    public init(items: [Dossier], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// What an officer's queue shows: dossiers in the states their roles act on, at their agency.
public struct QueueQuery: Sendable, Hashable {
    /// States acted on by the receiving agency, and by the handling agency.
    public var receivingStates: [String]
    public var handlingStates: [String]
    public var agencyId: String
    /// For specialists: only dossiers assigned to this officer (or unassigned ones).
    public var assigneeId: Int64?
    public var procedureCode: String?
    public var state: String?
    /// Only dossiers whose step deadline is before this day.
    public var overdueBefore: LocalDate?
    public var cursor: String?
    public var limit: Int

    public init(
        receivingStates: [String], handlingStates: [String], agencyId: String, assigneeId: Int64? = nil,
        procedureCode: String? = nil, state: String? = nil, overdueBefore: LocalDate? = nil,
        cursor: String? = nil, limit: Int = 50
    ) {
        self.receivingStates = receivingStates
        self.handlingStates = handlingStates
        self.agencyId = agencyId
        self.assigneeId = assigneeId
        self.procedureCode = procedureCode
        self.state = state
        self.overdueBefore = overdueBefore
        self.cursor = cursor
        self.limit = limit
    }
}

/// The append-only audit log of security-relevant actions.
public protocol AuditLog: Sendable {
    func record(_ entry: AuditEntry) async throws
}

/// One audit-log line.
public struct AuditEntry: Sendable, Hashable {
    public var actor: String
    public var action: String
    public var target: String?
    public var detail: String?
    public var ip: String?
    public var at: Date
    public init(actor: String, action: String, target: String? = nil, detail: String? = nil, ip: String? = nil, at: Date) {
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.ip = ip
        self.at = at
    }
}

/// Officers' credentials and login sessions.
public protocol AccountRepository: Sendable {
    func credentials(username: String) async throws -> (officer: Officer, passwordHash: String)?
    func createOfficer(username: String, passwordHash: String, fullName: String, agencyId: String, roles: Set<Role>) async throws -> Officer
    /// Stores a session under the hash of its token (the token itself is never stored), and
    /// removes expired sessions.
    func createSession(tokenHash: String, officerId: Int64, csrfToken: String, expiresAt: Date) async throws
    /// The officer and CSRF token of a live session.
    func session(tokenHash: String, now: Date) async throws -> (officer: Officer, csrfToken: String)?
    func deleteSession(tokenHash: String) async throws
}
