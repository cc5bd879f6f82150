import Foundation

/// The exchange of documents with other systems (QCVN 102:2016/BTTTT packages): peers kept by administrators, outgoing
/// register entries sent to a peer through the outbox, packages and statuses received from peers, checked before anything
/// is stored (structure, sender, signature, recipient, sizes) and stored in one transaction with their audit line.
public struct DocumentExchangeService: Sendable {
    let exchange: any ExchangeRepository
    let documents: any OfficialDocumentRepository
    let files: any DocumentRepository
    let blobs: any BlobStore
    let sealer: any PackageSealer
    /// Where refused packages and statuses are written (aggregated: a flood of one refusal is one line and a count).
    let refusals: any AuditLog
    public let settings: ExchangeSettings
    let clock: Clock

    public init(
        exchange: any ExchangeRepository, documents: any OfficialDocumentRepository, files: any DocumentRepository, blobs: any BlobStore,
        sealer: any PackageSealer, refusals: any AuditLog, settings: ExchangeSettings, clock: Clock
    ) {
        self.exchange = exchange
        self.documents = documents
        self.files = files
        self.blobs = blobs
        self.sealer = sealer
        self.refusals = refusals
        self.settings = settings
        self.clock = clock
    }

    static let utcOffsetSeconds = 7 * 3600

    // MARK: peers

    public func peers() async throws -> [ExchangePeer] { try await exchange.peers() }

    /// Adds or replaces a peer (administrators).
    public func savePeer(_ peer: ExchangePeer, by actor: AuditActor) async throws -> ExchangePeer {
        let clean = try ExchangeRules.validated(peer, sealer: sealer, allowsPlainHTTP: settings.allowsPlainHTTP)
        guard clean.organisationId != settings.organisation.id else {
            throw DomainError.invalid("organisationId", "exchange.badOrganisationId")
        }
        try await exchange.savePeer(
            clean, audit: actor.entry("exchange.peer.save", target: clean.organisationId, detail: clean.endpoint, at: clock.now()))
        return clean
    }

    public func deletePeer(_ organisationId: String, by actor: AuditActor) async throws {
        let line = actor.entry("exchange.peer.delete", target: organisationId, at: clock.now())
        guard try await exchange.deletePeer(organisationId, audit: line) else { throw DomainError.notFound("exchange.unknownPeer") }
    }

    /// This system's organisation and certificate, which peers configure.
    public func identity() async throws -> (organisation: ExchangeOrganisation, certificatePEM: String) {
        (settings.organisation, try await sealer.certificatePEM(now: clock.now()))
    }

    // MARK: sending

    /// The clerk sends an outgoing register entry of their agency to a peer: the package is built from the entry and its
    /// files, signed, and queued (the outbox delivers it). A document marked secret is never sent by the exchange.
    public func send(_ documentId: Int64, to peerId: String, by officer: Officer, from address: String?) async throws
        -> ExchangeOutboxItem
    {
        try OfficialDocumentRules.checkRegister(by: officer)
        guard let item = try await queue(documentId, to: peerId, by: officer, from: address, recipient: nil) else {
            throw DomainError.conflict("exchange.notQueued")
        }
        return item
    }

    /// Builds, signs and queues the package of the outgoing entry `documentId` for `peerId`; for an outgoing document's
    /// `recipient`, once only (nil when that recipient is not to send any more).
    func queue(
        _ documentId: Int64, to peerId: String, by officer: Officer, from address: String?, recipient: (outgoingId: Int64, position: Int)?
    ) async throws -> ExchangeOutboxItem? {
        guard let document = try await documents.document(id: documentId), document.agencyId == officer.agencyId else {
            throw DomainError.notFound("officialDocument.notFound")
        }
        guard document.direction == .outgoing else { throw DomainError.conflict("exchange.notOutgoing") }
        guard document.details.confidentiality == .normal else { throw DomainError(.forbidden, "exchange.confidential") }
        guard let peer = try await exchange.peer(peerId) else { throw DomainError.notFound("exchange.unknownPeer") }
        let now = clock.now()
        let package = try await package(of: document, to: peer, now: now)
        let seal = try await sealer.seal(DocumentPackageCodec.canonical(package), now: now)
        let line = AuditActor(officer, address: address).entry(
            "exchange.send", target: String(documentId), detail: "\(peer.organisationId) \(package.packageId)", at: now)
        let payload = DocumentPackageCodec.encode(package, seal: seal)
        if let recipient {
            return try await exchange.enqueueRecipientPackage(
                outgoingId: recipient.outgoingId, position: recipient.position, peerId: peer.organisationId, packageId: package.packageId,
                documentId: documentId, payload: payload, now: now, audit: line)
        }
        return try await exchange.enqueuePackage(
            peerId: peer.organisationId, packageId: package.packageId, documentId: documentId, payload: payload, now: now, audit: line)
    }

    func package(of document: OfficialDocument, to peer: ExchangePeer, now: Date) async throws -> DocumentPackage {
        var attachments: [PackageAttachment] = []
        for (index, id) in document.attachments.enumerated() {
            guard let stored = try await files.document(id: id), let bytes = try await blobs.get(stored.sha256) else {
                throw DomainError.notFound("document.notFound")
            }
            guard bytes.count <= settings.maxAttachmentBytes else {
                throw DomainError(
                    .payloadTooLarge, "exchange.attachmentTooLarge", ["limit": String(max(1, settings.maxAttachmentBytes >> 10))])
            }
            attachments.append(
                PackageAttachment(contentId: "att\(index + 1)", contentType: stored.mediaType.rawValue, name: stored.fileName, bytes: bytes)
            )
        }
        let d = document.details
        func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        return DocumentPackage(
            packageId: UUID().uuidString.lowercased(), from: settings.organisation, to: [peer.organisation],
            numberSymbol: clean(d.numberSymbol), place: clean(settings.place), promulgationDate: d.documentDate, typeCode: d.typeCode,
            typeName: OfficialDocumentTypes.type(d.typeCode)?.name ?? d.typeCode, subject: clean(d.summary),
            signerName: clean(d.signer ?? ""), signerPosition: "", dueDate: d.deadline, urgency: d.urgency,
            traces: [PackageTrace(organisationId: settings.organisation.id, at: now)], attachments: attachments)
    }

    /// The statuses peers reported about the packages made from a document of the officer's agency.
    public func statuses(of documentId: Int64, for officer: Officer) async throws -> [ExchangeStatusRecord] {
        guard let document = try await documents.document(id: documentId), document.agencyId == officer.agencyId else {
            throw DomainError.notFound("officialDocument.notFound")
        }
        return try await exchange.statuses(documentId: documentId)
    }

    // MARK: the outbox (administrators)

    public func outbox(_ state: ExchangeItemState) async throws -> (items: [ExchangeOutboxItem], counts: [ExchangeItemState: Int]) {
        (try await exchange.items(in: state, limit: 200), try await exchange.counts())
    }

    /// Puts a dead-lettered item back in the queue.
    public func resend(_ id: Int64, by actor: AuditActor) async throws {
        let now = clock.now()
        guard try await exchange.resend(id: id, now: now, audit: actor.entry("exchange.resend", target: String(id), at: now)) else {
            throw DomainError.notFound("exchange.notFound")
        }
    }

    // MARK: receiving

    /// The peer that signed `signature` over `canonical`, when `senderId` is a peer and the signature checks with its certificate.
    func authenticated(_ senderId: String, signature: String, canonical: [UInt8]) async throws -> ExchangePeer {
        guard let peer = try await exchange.peer(senderId) else { throw DomainError(.unauthenticated, "exchange.unknownSender") }
        guard sealer.isValid(signature, over: canonical, certificatePEM: peer.certificatePEM) else {
            throw DomainError(.unauthenticated, "exchange.badSignature")
        }
        return peer
    }

    /// Receives a document package: read, sender and signature, recipient, content checked before anything is stored, then
    /// its files, register entry, record and statuses stored in one transaction. A package received before returns the entry
    /// it became (`created` false), whatever the sender retried.
    public func receive(_ bytes: [UInt8], from address: String?) async throws -> (documentId: Int64, packageId: String, created: Bool) {
        try await auditingRefusal(from: address) { try await receivePackage(bytes, from: address) }
    }

    /// Runs `body`; a refusal is written to the audit log before it is thrown.
    func auditingRefusal<T>(from address: String?, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DomainError {
            try await refusals.record(
                AuditEntry(actor: "exchange", action: "exchange.receiveRefused", detail: error.code, ip: address, at: clock.now()))
            throw error
        }
    }

    func receivePackage(_ bytes: [UInt8], from address: String?) async throws -> (documentId: Int64, packageId: String, created: Bool) {
        let read = try DocumentPackageCodec.decodePackage(bytes, maxAttachmentBytes: settings.maxAttachmentBytes)
        let p = read.content
        let peer = try await authenticated(p.from.id, signature: read.signature, canonical: DocumentPackageCodec.canonical(p))
        try ExchangeRules.checkReceived(p, ours: settings.organisation.id)
        if let known = try await exchange.receivedDocument(senderId: peer.organisationId, packageId: p.packageId) {
            return (known, p.packageId, false)
        }
        let now = clock.now()
        let today = LocalDate.local(now, utcOffsetSeconds: Self.utcOffsetSeconds).date
        let details = try OfficialDocumentRules.validated(
            OfficialDocumentDetails(
                numberSymbol: p.numberSymbol, typeCode: p.typeCode, documentDate: p.promulgationDate,
                issuer: p.from.name.isEmpty ? peer.name : p.from.name, summary: p.subject, signer: p.signerName, urgency: p.urgency,
                recipients: p.to.map { $0.name.isEmpty ? $0.id : $0.name }.joined(separator: "; "), deadline: p.dueDate),
            today: today)
        var stored: [StoredDocument] = []
        for file in p.attachments {
            guard let type = MediaType.sniff(file.bytes) else { throw DomainError(.unsupportedMediaType, "exchange.badAttachment") }
            stored.append(
                StoredDocument(
                    citizenId: nil, sha256: try await blobs.put(file.bytes), mediaType: type, size: file.bytes.count,
                    fileName: DocumentStore.safeFileName(file.name, type: type), kind: .upload, title: String(p.subject.prefix(500)),
                    createdAt: now))
        }
        let entry = NewRegisterEntry(
            agencyId: settings.receivingAgencyId, direction: .incoming,
            year: OfficialDocumentRules.registerYear(of: now, utcOffsetSeconds: Self.utcOffsetSeconds), details: details, receivedAt: now,
            registeredBy: "exchange:\(peer.organisationId)", attachments: [])
        let actor = AuditActor(name: "exchange:\(peer.organisationId)", address: address)
        let packageId = p.packageId
        let result = try await exchange.receive(
            IncomingPackage(senderId: peer.organisationId, packageId: packageId, entry: entry, files: stored, receivedAt: now)
        ) { document in
            actor.entry(
                "exchange.receive", target: String(document.id),
                detail: "\(packageId) #\(document.number) \(document.details.numberSymbol)", at: now)
        }
        return (result.documentId, packageId, result.created)
    }

    /// Receives a status package about a package this system sent: checked like a package, then recorded once per code.
    /// Returns false when that status was recorded before.
    public func receiveStatus(_ bytes: [UInt8], from address: String?) async throws -> Bool {
        try await auditingRefusal(from: address) { try await receiveStatusPackage(bytes, from: address) }
    }

    func receiveStatusPackage(_ bytes: [UInt8], from address: String?) async throws -> Bool {
        let read = try DocumentPackageCodec.decodeStatus(bytes)
        let s = read.content
        let peer = try await authenticated(s.from.id, signature: read.signature, canonical: DocumentPackageCodec.canonical(s))
        guard s.senderId == settings.organisation.id else { throw DomainError(.notFound, "exchange.unknownRecipient") }
        guard ExchangeRules.isPackageId(s.packageId), s.description.count <= OfficialDocumentRules.maxText, s.staff.count <= 300 else {
            throw DomainError(.invalid, "exchange.malformed")
        }
        let now = clock.now()
        let record = ExchangeStatusRecord(
            packageId: s.packageId, peerId: peer.organisationId, code: s.code, description: s.description, staff: s.staff, at: s.at)
        let line = AuditActor(name: "exchange:\(peer.organisationId)", address: address).entry(
            "exchange.status", target: s.packageId, detail: "\(s.code.rawValue) \(s.code.name)", at: now)
        guard let created = try await exchange.recordStatus(record, audit: line) else {
            throw DomainError.notFound("exchange.unknownPackage")
        }
        return created
    }
}
