import Foundation

/// Registers and incoming documents: the clerk registers, the leader assigns, the lead unit closes.
/// Each change is one transaction with its audit line; reads are limited to the agencies concerned.
public struct OfficialDocumentService: Sendable {
    let documents: any OfficialDocumentRepository
    let agencies: any AgencyRepository
    let calendars: any CalendarRepository
    let clock: Clock

    public init(documents: any OfficialDocumentRepository, agencies: any AgencyRepository, calendars: any CalendarRepository, clock: Clock)
    {
        self.documents = documents
        self.agencies = agencies
        self.calendars = calendars
        self.clock = clock
    }

    /// The province's working calendar.
    func calendar() async throws -> WorkingCalendar {
        guard let calendar = try await calendars.calendar(code: try await calendars.defaultCalendarCode()) else {
            throw DomainError.notFound("calendar.notFound")
        }
        return calendar
    }

    /// Today on the calendar's local time.
    public func today() async throws -> LocalDate {
        let calendar = try await calendar()
        return LocalDate.local(clock.now(), utcOffsetSeconds: calendar.utcOffsetSeconds).date
    }

    /// Checks an incoming document's details before its scans are stored.
    public func check(_ details: OfficialDocumentDetails, by officer: Officer) async throws {
        try OfficialDocumentRules.checkRegister(by: officer)
        _ = try OfficialDocumentRules.validated(details, today: try await today())
    }

    /// Registers an incoming document in the officer's agency's register of the current year.
    /// A second submission of the same form gets the document registered the first time.
    public func registerIncoming(
        _ details: OfficialDocumentDetails, attachments: [Int64], submissionKey: String? = nil, by officer: Officer,
        from address: String?
    ) async throws -> OfficialDocument {
        try OfficialDocumentRules.checkRegister(by: officer)
        let calendar = try await calendar()
        let now = clock.now()
        let today = LocalDate.local(now, utcOffsetSeconds: calendar.utcOffsetSeconds).date
        let clean = try OfficialDocumentRules.validated(details, today: today)
        let entry = NewRegisterEntry(
            agencyId: officer.agencyId, direction: .incoming,
            year: OfficialDocumentRules.registerYear(of: now, utcOffsetSeconds: calendar.utcOffsetSeconds), details: clean,
            receivedAt: now, registeredBy: officer.username, attachments: attachments, submissionKey: submissionKey)
        let actor = AuditActor(officer, address: address)
        return try await documents.register(entry) { stored in
            actor.entry(
                "officialDocument.register", target: String(stored.id),
                detail: "\(stored.agencyId) \(stored.direction.rawValue) \(stored.year) #\(stored.number) \(stored.details.numberSymbol)",
                at: now)
        }
    }

    /// A document the officer's agency may see; "not found" otherwise, so identifiers cannot be probed.
    public func document(_ id: Int64, for officer: Officer) async throws -> OfficialDocument {
        guard let document = try await documents.document(id: id), document.isVisible(to: officer.agencyId) else {
            throw DomainError.notFound("officialDocument.notFound")
        }
        return document
    }

    /// The document the officer's agency registered with the form `submissionKey`, if any.
    public func registered(submissionKey: String, by officer: Officer) async throws -> OfficialDocument? {
        guard let document = try await documents.document(submissionKey: submissionKey), document.agencyId == officer.agencyId else {
            return nil
        }
        return document
    }

    /// The units the register's leader may assign `document` to.
    public func assignableUnits(for document: OfficialDocument) async throws -> [Agency] {
        OfficialDocumentRules.assignableUnits(of: document.agencyId, among: try await agencies.agencies(kind: nil))
    }

    /// The leader assigns the document to a lead unit (and coordinating units) with an instruction
    /// and a deadline `workingDays` working days from today.
    public func assign(
        _ id: Int64, expectedVersion: Int, lead: String, coordinating: [String], instruction: String, workingDays: Int,
        by officer: Officer, from address: String?
    ) async throws -> OfficialDocument {
        let document = try await document(id, for: officer)
        try OfficialDocumentRules.checkAssign(document, by: officer)
        let text = instruction.trimmingCharacters(in: .whitespacesAndNewlines)
        try OfficialDocumentRules.checkAssignment(
            lead: lead, coordinating: coordinating, instruction: text, units: try await assignableUnits(for: document))
        let now = clock.now()
        let deadline = try OfficialDocumentRules.deadline(
            workingDays: workingDays, after: try await today(), calendar: try await calendar())
        let assignment = DocumentAssignment(
            leadAgencyId: lead, coordinatingAgencyIds: coordinating, instruction: text, deadline: deadline, assignedBy: officer.username,
            assignedAt: now)
        let line = AuditActor(officer, address: address).entry(
            "officialDocument.assign", target: String(id), detail: "\(lead) \(deadline.iso)", at: now)
        guard try await documents.assign(id: id, expectedVersion: expectedVersion, assignment, audit: line) else {
            throw DomainError.conflict("officialDocument.staleVersion")
        }
        return try await self.document(id, for: officer)
    }

    /// The lead unit marks the document handled, with a note.
    public func close(_ id: Int64, expectedVersion: Int, note: String, by officer: Officer, from address: String?) async throws
        -> OfficialDocument
    {
        let document = try await document(id, for: officer)
        try OfficialDocumentRules.checkClose(document, by: officer)
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...OfficialDocumentRules.maxText).contains(text.count) else {
            throw DomainError.invalid("note", "officialDocument.badNote")
        }
        let now = clock.now()
        let line = AuditActor(officer, address: address).entry("officialDocument.close", target: String(id), at: now)
        guard
            try await documents.close(
                id: id, expectedVersion: expectedVersion, DocumentHandling(note: text, handledBy: officer.username, handledAt: now),
                audit: line)
        else { throw DomainError.conflict("officialDocument.staleVersion") }
        return try await self.document(id, for: officer)
    }

    /// One register of the officer's agency, searched ignoring diacritics and case when `search` is given: up to
    /// `limit` entries numbered after `afterNumber`, in the register's order.
    public func entries(
        direction: RegisterDirection, year: Int, search: String?, limit: Int = 1000, afterNumber: Int? = nil, for officer: Officer
    ) async throws -> [OfficialDocument] {
        guard (2000...9999).contains(year) else { throw DomainError.invalid("year") }
        let folded = search.map(VietnameseFolding.fold).flatMap { $0.isEmpty ? nil : $0 }
        guard (folded?.count ?? 0) <= 200 else { throw DomainError.invalid("q") }
        return try await documents.entries(
            RegisterQuery(
                agencyId: officer.agencyId, direction: direction, year: year, text: folded, limit: limit, afterNumber: afterNumber))
    }

    /// The officer's agency's registers, newest first.
    public func registers(for officer: Officer) async throws -> [(direction: RegisterDirection, year: Int, count: Int)] {
        try await documents.registers(agencyId: officer.agencyId)
    }

    /// What a leader of the officer's agency has to assign (nothing for other roles).
    public func awaitingAssignment(by officer: Officer) async throws -> [OfficialDocument] {
        guard officer.roles.contains(.leader) else { return [] }
        return try await documents.awaitingAssignment(agencyId: officer.agencyId, limit: 200)
    }

    /// What the officer's agency has to handle or help with.
    public func assigned(to officer: Officer) async throws -> [OfficialDocument] {
        try await documents.assigned(to: officer.agencyId, limit: 200)
    }
}
