import Foundation

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
    /// How many dossiers of `workflowCode` are in each state now (states without any are absent).
    func dossierCounts(workflowCode: String) async throws -> [String: Int]
    /// The citizen's answers to the dossier's supplement requests, oldest first (documents included).
    func supplementResponses(dossierId: Int64) async throws -> [SupplementResponse]
    /// Of `dossierIds`, those whose latest supplement request was answered online and that have not
    /// moved since: the officer has a supplement to look at.
    func freshlySupplemented(dossierIds: [Int64]) async throws -> Set<Int64>
    /// The components the counter recorded as received, in the procedure's order (none for a dossier without a checklist).
    func components(dossierId: Int64) async throws -> [ReceivedComponent]
    /// The slips the dossier's actions issued, oldest first.
    func slips(dossierId: Int64) async throws -> [DossierSlip]
    /// The tracking book's rows: dossiers received or handled by `agencyId` whose receipt falls in `[from, until)`,
    /// by receipt instant, at most `limit`.
    func book(agencyId: String, from: Date, until: Date, limit: Int) async throws -> [Dossier]
    /// The dossiers matching an officer's search, a page at a time (`DossierSearchQuery`).
    func search(_ query: DossierSearchQuery) async throws -> QueuePage
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
