import Foundation

/// Filters of a report list (public pages, officers' queues, Open311 `GET requests`).
public struct ReportQuery: Sendable, Hashable {
    public var ids: [Int64]?
    public var categories: [String]?
    public var statuses: [ReportStatus]?
    public var agencyId: String?
    public var unitCode: String?
    public var from: Date?
    public var to: Date?
    public var includeHidden: Bool
    /// Only reports with an id below this one (newest first paging).
    public var before: Int64?
    public var limit: Int

    public init(
        ids: [Int64]? = nil, categories: [String]? = nil, statuses: [ReportStatus]? = nil, agencyId: String? = nil,
        unitCode: String? = nil, from: Date? = nil, to: Date? = nil, includeHidden: Bool = false, before: Int64? = nil,
        limit: Int = 50
    ) {
        self.ids = ids
        self.categories = categories
        self.statuses = statuses
        self.agencyId = agencyId
        self.unitCode = unitCode
        self.from = from
        self.to = to
        self.includeHidden = includeHidden
        self.before = before
        self.limit = limit
    }
}

/// A photo of a report (sent with it) or of its answer.
public struct ReportPhoto: Sendable, Hashable {
    public var documentId: Int64
    public var ofAnswer: Bool
    public var hidden: Bool
    public init(documentId: Int64, ofAnswer: Bool, hidden: Bool) {
        self.documentId = documentId
        self.ofAnswer = ofAnswer
        self.hidden = hidden
    }
}

/// Writes that commit with a report's change: photos, notifications, a training sample, a
/// photo hidden or shown, the audit line of a moderation.
public struct ReportChangeExtras: Sendable, Hashable {
    public var photos: [ReportPhoto]
    public var messages: [OutboundMessage]
    public var trainingSample: String?
    public var photoVisibility: ReportPhoto?
    public var audit: AuditEntry?
    public init(
        photos: [ReportPhoto] = [], messages: [OutboundMessage] = [], trainingSample: String? = nil, photoVisibility: ReportPhoto? = nil,
        audit: AuditEntry? = nil
    ) {
        self.photos = photos
        self.messages = messages
        self.trainingSample = trainingSample
        self.photoVisibility = photoVisibility
        self.audit = audit
    }
}

/// Reports, their history, categories, routing table, training corrections and Open311 keys.
public protocol FieldReportRepository: Sendable {
    func categories() async throws -> [ReportCategory]
    /// Adds or replaces a category, and writes `audit` in the same transaction.
    func saveCategory(_ category: ReportCategory, audit: AuditEntry) async throws
    /// The agency the routing table names for `category` in commune `unitCode` (a row for the
    /// commune, else the category's row without commune).
    func routedAgency(category: String, unitCode: String?) async throws -> String?
    func routes() async throws -> [(category: String, unitCode: String?, agencyId: String)]
    /// Sets the routing table's row, and writes `audit` in the same transaction.
    func setRoute(category: String, unitCode: String?, agencyId: String, audit: AuditEntry) async throws
    /// Writes an audit line of a change made of several transactions (the escalation of overdue reports).
    func record(_ audit: AuditEntry) async throws

    func create(_ report: FieldReport, event: ReportEvent, extras: ReportChangeExtras) async throws -> FieldReport
    func update(_ report: FieldReport, expectedVersion: Int, event: ReportEvent, extras: ReportChangeExtras) async throws -> FieldReport
    func report(id: Int64) async throws -> FieldReport?
    func report(token: String) async throws -> FieldReport?
    func list(_ query: ReportQuery) async throws -> [FieldReport]
    func events(reportId: Int64) async throws -> [ReportEvent]
    func photos(reportId: Int64) async throws -> [ReportPhoto]
    /// The first visible photo of each report (by report id), for lists.
    func publicPhotos(reportIds: [Int64]) async throws -> [Int64: Int64]
    /// Open reports of `category` whose location is within `metres` of `point`, nearest first.
    func nearbyOpen(category: String, point: GeoPoint, metres: Double) async throws -> [FieldReport]
    /// Open, not yet escalated reports whose answer deadline is before `day`.
    func overdue(before day: LocalDate, limit: Int) async throws -> [FieldReport]
    /// Labelled texts added by officers' corrections.
    func corrections() async throws -> [(text: String, category: String)]
    /// The name of the client an Open311 API key (by its hash) belongs to.
    func apiClient(keyHash: String) async throws -> String?
    /// Stores an API key's hash for `client` (a known hash is left as it is), with `audit` in the same transaction.
    func addAPIKey(keyHash: String, client: String, now: Date, audit: AuditEntry?) async throws
    /// Figures of the reports received between `from` and `to`; "overdue" counts open reports past their answer date on `today`,
    /// or past their answer's instant at `now` for a category counted in hours.
    func statistics(from: Date?, to: Date?, today: LocalDate, now: Date) async throws -> ReportStatistics
}
