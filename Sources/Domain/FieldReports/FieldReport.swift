import Foundation

/// Where a field report stands.
public enum ReportStatus: String, Codable, Sendable, CaseIterable {
    case received, accepted, rejected, assigned, inProgress, answered, closed

    /// Open311 knows two statuses: open and closed.
    public var isOpen: Bool { self != .rejected && self != .closed }
}

/// How a report reached the platform.
public enum ReportChannel: String, Codable, Sendable, CaseIterable {
    case web, open311, hotline, socialNetwork, officer
}

/// A point on the map (WGS 84).
public struct GeoPoint: Codable, Sendable, Hashable {
    public var latitude: Double
    public var longitude: Double
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Whether the point lies in Vietnam's bounding box (mainland and islands).
    public var isInVietnam: Bool { (8.0...23.5).contains(latitude) && (102.0...117.5).contains(longitude) }

    /// Great-circle distance in metres (haversine, mean Earth radius).
    public func distance(to other: GeoPoint) -> Double {
        let r = 6_371_000.0
        let rad = Double.pi / 180
        let dLat = (other.latitude - latitude) * rad
        let dLon = (other.longitude - longitude) * rad
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(latitude * rad) * cos(other.latitude * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(a)))
    }
}

/// Who made a report; never shown in public.
public struct ReporterContact: Codable, Sendable, Hashable {
    public var name: String?
    public var phone: String?
    public var email: String?
    /// The portal account, when the reporter was logged in.
    public var citizenId: Int64?
    public init(name: String? = nil, phone: String? = nil, email: String? = nil, citizenId: Int64? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
        self.citizenId = citizenId
    }
}

/// A field report (phản ánh hiện trường): a problem in public space, routed to the unit that
/// answers it, answered in public.
public struct FieldReport: Codable, Sendable, Hashable {
    public var id: Int64
    public var categoryCode: String
    /// What the classifier suggested from the text, and how sure it was (0-1).
    public var suggestedCategory: String?
    public var suggestionConfidence: Double?
    /// What the reporter wrote (kept, not shown once moderated).
    public var description: String
    /// What the public sees: the description, or its redacted version.
    public var publicDescription: String
    public var attributes: [String: String]
    public var location: GeoPoint?
    /// Commune of the report, in the current tree.
    public var unitCode: String?
    public var address: String?
    public var channel: ReportChannel
    public var reporter: ReporterContact
    public var status: ReportStatus
    public var agencyId: String
    public var assigneeId: Int64?
    public var version: Int
    public var receivedAt: Date
    /// The local day of receipt (statistics group by its month).
    public var receivedDay: LocalDate
    /// Working-day deadlines from the category: accept or reject by, answer by.
    public var acceptBy: LocalDate
    public var answerBy: LocalDate
    /// For a category counted in hours: the instant the answer is due (`answerBy` is its day).
    public var answerDueAt: Date?
    public var answer: String?
    /// The latest public word of the responsible unit: the answer, the reason of a refusal, a request for information.
    public var statusNotes: String?
    public var updatedAt: Date
    public var answeredAt: Date?
    /// Whether the answer came by `answerDueAt` when there is one, else by the end of `answerBy`.
    public var answeredOnTime: Bool?
    public var closedAt: Date?
    public var rating: RatingScore?
    public var duplicateOf: Int64?
    /// Hidden from the public by a moderator.
    public var hidden: Bool
    /// Sent up to the supervising level because it was overdue.
    public var escalated: Bool
    /// Open311 token given to the client that posted it.
    public var token: String?

    public init(
        id: Int64 = 0, categoryCode: String, suggestedCategory: String? = nil, suggestionConfidence: Double? = nil,
        description: String, publicDescription: String? = nil, attributes: [String: String] = [:], location: GeoPoint?,
        unitCode: String?, address: String?, channel: ReportChannel, reporter: ReporterContact,
        status: ReportStatus = .received, agencyId: String, assigneeId: Int64? = nil, version: Int = 1, receivedAt: Date,
        receivedDay: LocalDate, acceptBy: LocalDate, answerBy: LocalDate, answerDueAt: Date? = nil, answer: String? = nil,
        statusNotes: String? = nil,
        updatedAt: Date? = nil, answeredAt: Date? = nil,
        answeredOnTime: Bool? = nil, closedAt: Date? = nil,
        rating: RatingScore? = nil, duplicateOf: Int64? = nil, hidden: Bool = false, escalated: Bool = false, token: String? = nil
    ) {
        self.id = id
        self.categoryCode = categoryCode
        self.suggestedCategory = suggestedCategory
        self.suggestionConfidence = suggestionConfidence
        self.description = description
        self.publicDescription = publicDescription ?? description
        self.attributes = attributes
        self.location = location
        self.unitCode = unitCode
        self.address = address
        self.channel = channel
        self.reporter = reporter
        self.status = status
        self.agencyId = agencyId
        self.assigneeId = assigneeId
        self.version = version
        self.receivedAt = receivedAt
        self.receivedDay = receivedDay
        self.acceptBy = acceptBy
        self.answerBy = answerBy
        self.answerDueAt = answerDueAt
        self.answer = answer
        self.statusNotes = statusNotes
        self.updatedAt = updatedAt ?? receivedAt
        self.answeredAt = answeredAt
        self.answeredOnTime = answeredOnTime
        self.closedAt = closedAt
        self.rating = rating
        self.duplicateOf = duplicateOf
        self.hidden = hidden
        self.escalated = escalated
        self.token = token
    }
}

/// One line of a report's history. Public lines show on the report's page.
public struct ReportEvent: Codable, Sendable, Hashable {
    public var action: String
    public var fromStatus: ReportStatus?
    public var toStatus: ReportStatus
    public var actorId: Int64?
    public var actorName: String
    public var agencyId: String
    public var note: String?
    public var isPublic: Bool
    public var at: Date

    public init(
        action: String, fromStatus: ReportStatus?, toStatus: ReportStatus, actorId: Int64?, actorName: String,
        agencyId: String, note: String?, isPublic: Bool, at: Date
    ) {
        self.action = action
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.actorId = actorId
        self.actorName = actorName
        self.agencyId = agencyId
        self.note = note
        self.isPublic = isPublic
        self.at = at
    }
}
