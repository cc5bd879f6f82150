import Foundation

/// Outgoing documents: a specialist drafts, the agency's officers comment, the head of unit
/// reviews, the signer signs with the agency's key (the signing authority of dossier results),
/// and the signer or the clerk issues: numbered in the outgoing register and released at once to
/// the recipient agencies' incoming registers. Each change is one transaction with its audit line.
public struct OutgoingDocumentService: Sendable {
    let outgoing: any OutgoingDocumentRepository
    let agencies: any AgencyRepository
    let signer: any ResultSigner
    let blobs: any BlobStore
    let registers: OfficialDocumentService
    let clock: Clock

    public init(
        outgoing: any OutgoingDocumentRepository, agencies: any AgencyRepository, signer: any ResultSigner, blobs: any BlobStore,
        registers: OfficialDocumentService, clock: Clock
    ) {
        self.outgoing = outgoing
        self.agencies = agencies
        self.signer = signer
        self.blobs = blobs
        self.registers = registers
        self.clock = clock
    }

    /// Today on the province's calendar.
    public func today() async throws -> LocalDate { try await registers.today() }

    /// The agencies a draft may be addressed to: every agency of the province but the officer's.
    public func recipientAgencies(for officer: Officer) async throws -> [Agency] {
        try await agencies.agencies(kind: nil).filter { $0.id != officer.agencyId }
    }

    /// Checks a draft before its file is stored.
    public func check(_ content: OutgoingDraftContent, by officer: Officer) async throws -> OutgoingDraftContent {
        try OutgoingDocumentRules.checkDraft(by: officer)
        let ids = Set(try await agencies.agencies(kind: nil).map(\.id))
        return try OutgoingDocumentRules.validated(content, own: officer.agencyId, agencies: ids)
    }

    /// Stores a new draft of the officer's agency with its file; with a `submissionKey`, a retry gets the draft stored first;
    /// with `replyTo`, the draft replies to that incoming document, assigned to the officer's unit.
    public func draft(
        _ content: OutgoingDraftContent, file: StoredDocument, submissionKey: String? = nil, replyTo: Int64? = nil, by officer: Officer,
        from address: String?
    ) async throws -> OutgoingDocument {
        let clean = try await check(content, by: officer)
        if let replyTo { _ = try await repliable(replyTo, by: officer) }
        let now = clock.now()
        let draft = OutgoingDocument(
            id: 0, agencyId: officer.agencyId, content: clean, status: .drafting, draftedBy: officer.username, createdAt: now,
            fileId: file.id, sha256: file.sha256, replyTo: replyTo)
        let actor = AuditActor(officer, address: address)
        let audit: @Sendable (Int64) -> AuditEntry = { id in
            actor.entry("outgoing.draft", target: String(id), detail: "\(clean.typeCode) \(file.sha256)", at: now)
        }
        guard let submissionKey else { return try await document(try await outgoing.create(draft, audit: audit), for: officer) }
        do {
            return try await document(try await outgoing.create(draft, submissionKey: submissionKey, audit: audit), for: officer)
        } catch {
            // Two retries at once: the unique key refused the second, which gets the draft stored by the first.
            guard let first = try await drafted(submissionKey: submissionKey, by: officer) else { throw error }
            return first
        }
    }

    /// The draft the officer's agency stored under `submissionKey`, if any.
    public func drafted(submissionKey: String, by officer: Officer) async throws -> OutgoingDocument? {
        guard let d = try await outgoing.outgoing(submissionKey: submissionKey), d.agencyId == officer.agencyId else { return nil }
        return d
    }

    /// A document of the officer's agency; "not found" for any other.
    public func document(_ id: Int64, for officer: Officer) async throws -> OutgoingDocument {
        guard let d = try await outgoing.outgoing(id: id) else { throw DomainError.notFound("outgoing.notFound") }
        try OutgoingDocumentRules.checkVisible(d, to: officer)
        return d
    }

    /// Adds a comment by an officer of the agency.
    public func comment(_ id: Int64, text: String, by officer: Officer, from address: String?) async throws {
        let d = try await document(id, for: officer)
        try OutgoingDocumentRules.checkComment(d, by: officer)
        let comment = try comment(text, by: officer)
        try await outgoing.comment(
            id: id, comment, audit: AuditActor(officer, address: address).entry("outgoing.comment", target: String(id), at: comment.at))
    }

    func comment(_ text: String, by officer: Officer) throws -> OutgoingComment {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...OfficialDocumentRules.maxText).contains(body.count) else { throw DomainError.invalid("comment", "outgoing.badComment") }
        return OutgoingComment(author: officer.username, body: body, at: clock.now())
    }

    /// The drafter submits the draft to the head of unit.
    public func submit(_ id: Int64, expectedVersion: Int, by officer: Officer, from address: String?) async throws {
        let d = try await document(id, for: officer)
        try OutgoingDocumentRules.checkSubmit(d, by: officer)
        try await move(d, expectedVersion, to: .inReview, comment: nil, reviewedBy: nil, action: "outgoing.submit", officer, address)
    }

    /// The head of unit approves the draft for signature, or returns it to the drafter with a comment.
    public func review(_ id: Int64, expectedVersion: Int, approve: Bool, note: String, by officer: Officer, from address: String?)
        async throws
    {
        let d = try await document(id, for: officer)
        try OutgoingDocumentRules.checkReview(d, by: officer)
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let comment = approve && text.isEmpty ? nil : try comment(text, by: officer)
        try await move(
            d, expectedVersion, to: approve ? .awaitingSignature : .drafting, comment: comment,
            reviewedBy: approve ? officer.username : nil,
            action: approve ? "outgoing.approve" : "outgoing.return", officer, address)
    }

    func move(
        _ d: OutgoingDocument, _ version: Int, to status: OutgoingStatus, comment: OutgoingComment?, reviewedBy: String?, action: String,
        _ officer: Officer, _ address: String?
    ) async throws {
        let line = AuditActor(officer, address: address).entry(action, target: String(d.id), at: clock.now())
        guard
            try await outgoing.move(
                id: d.id, expectedVersion: version, from: d.status, to: status, comment: comment, reviewedBy: reviewedBy, audit: line)
        else { throw DomainError.conflict("outgoing.staleVersion") }
    }

    /// The signer signs the approved file with the agency's key.
    public func sign(_ id: Int64, expectedVersion: Int, by officer: Officer, from address: String?) async throws {
        let d = try await document(id, for: officer)
        try OutgoingDocumentRules.checkSign(d, by: officer)
        guard let bytes = try await blobs.get(d.sha256) else { throw DomainError.notFound("outgoing.notFound") }
        let now = clock.now()
        let signature = try await signer.sign(bytes, agencyId: d.agencyId, now: now)
        let line = AuditActor(officer, address: address).entry(
            "outgoing.sign", target: String(id), detail: "\(d.sha256) \(signature.certificateSerial)", at: now)
        let signed = OutgoingSignature(signature: signature, signedBy: officer.username, signerName: officer.fullName)
        guard try await outgoing.sign(id: id, expectedVersion: expectedVersion, signed, audit: line) else {
            throw DomainError.conflict("outgoing.staleVersion")
        }
    }

    /// The signer or the clerk issues the signed document: its number in this year's outgoing
    /// register, then delivery to each recipient agency's incoming register, in one transaction.
    public func issue(_ id: Int64, expectedVersion: Int, by officer: Officer, from address: String?) async throws -> OutgoingDocument {
        let d = try await document(id, for: officer)
        try OutgoingDocumentRules.checkIssue(d, by: officer)
        guard let agency = try await agencies.agency(id: d.agencyId) else { throw DomainError.notFound("agency.notFound") }
        let now = clock.now()
        let today = try await registers.today()
        let year = today.year
        let content = d.content
        let recipients = content.recipients.map(\.name).joined(separator: "; ")
        let signerName = d.signature?.signerName
        let code = agency.shortCode ?? agency.id
        let issue = OutgoingIssue(
            draftId: id, expectedVersion: expectedVersion, agencyId: d.agencyId, year: year, issuedAt: now, issuedBy: officer.username
        ) { number in
            OfficialDocumentDetails(
                numberSymbol: OutgoingDocumentRules.numberSymbol(number: number, typeCode: content.typeCode, agencyCode: code),
                typeCode: content.typeCode, documentDate: today, issuer: agency.name, summary: content.summary, signer: signerName,
                urgency: content.urgency, recipients: recipients)
        }
        let actor = AuditActor(officer, address: address)
        let deliveries = content.recipients.compactMap(\.agencyId)
        let holders = content.recipients.compactMap(\.holderNumber).map { "…" + $0.suffix(4) }
        guard
            let issued = try await outgoing.issue(
                issue,
                audit: { symbol in
                    [actor.entry("outgoing.issue", target: String(id), detail: symbol, at: now)]
                        + deliveries.map { actor.entry("outgoing.deliver", target: String(id), detail: "\(symbol) \($0)", at: now) }
                        + holders.map { actor.entry("outgoing.deliverHolder", target: String(id), detail: "\(symbol) \($0)", at: now) }
                })
        else { throw DomainError.conflict("outgoing.staleVersion") }
        return issued
    }

    /// What the officer's agency has at each step, for the officer's roles: the drafts, those to
    /// review and to sign (leaders), those to issue (leaders and clerks), the latest issued.
    public func worklist(for officer: Officer) async throws -> [OutgoingStatus: [OutgoingDocument]] {
        var out: [OutgoingStatus: [OutgoingDocument]] = [:]
        for status in OutgoingStatus.allCases {
            let list = try await outgoing.list(agencyId: officer.agencyId, statuses: [status], limit: 100)
            out[status] = status == .drafting ? list.filter { $0.draftedBy == officer.username } : list
        }
        return out
    }
}
