import Foundation

/// What a citizen does on the portal: submit online, follow their dossiers, pay, rate. Every
/// lookup is scoped to the citizen's own account; another's dossier answers "not found".
public struct PortalService: Sendable {
    public let dossierService: DossierService
    let catalogue: any CatalogueRepository
    let dossiers: any DossierRepository
    let documents: any DocumentRepository
    let payments: any PaymentRepository
    let ratings: any RatingRepository
    let citizens: any CitizenRepository
    let provider: (any PaymentProvider)?
    /// How long a payment order may be paid after it was opened.
    let orderLifetime: TimeInterval
    let drafts: any DraftRepository
    let audit: any AuditLog

    public init(
        dossierService: DossierService, catalogue: any CatalogueRepository, dossiers: any DossierRepository,
        documents: any DocumentRepository, payments: any PaymentRepository, ratings: any RatingRepository,
        citizens: any CitizenRepository, provider: (any PaymentProvider)?, drafts: any DraftRepository, audit: any AuditLog,
        orderLifetime: TimeInterval = 900
    ) {
        self.orderLifetime = orderLifetime
        self.drafts = drafts
        self.audit = audit
        self.dossierService = dossierService
        self.catalogue = catalogue
        self.dossiers = dossiers
        self.documents = documents
        self.payments = payments
        self.ratings = ratings
        self.citizens = citizens
        self.provider = provider
    }

    var now: Date { dossierService.now() }

    /// Submits a dossier online. Every document must be the citizen's own; one the citizen picked
    /// from their store (`reused` in the submission), and any result, is recorded as reused. The same `submissionKey`
    /// twice (double click, refresh, retry) returns the first dossier.
    public func submit(_ submission: OnlineSubmission, by citizen: Citizen, submissionKey: String) async throws -> (
        dossier: Dossier, created: Bool
    ) {
        guard !submissionKey.isEmpty, submissionKey.count <= 100 else { throw DomainError.invalid("submissionKey") }
        guard let procedure = try await catalogue.procedure(code: submission.procedureCode) else {
            throw DomainError(.invalid, "procedure.notFound", ["code": submission.procedureCode])
        }
        try submission.validate(against: procedure)
        if let required = procedure.minIdentityLevel, citizen.identityLevel < required {
            throw DomainError(.forbidden, "procedure.identityLevel", ["level": String(required.rawValue)])
        }
        var links: [DossierDocument] = []
        for link in submission.documents {
            guard let document = try await documents.document(id: link.documentId), document.citizenId == citizen.id else {
                throw DomainError.invalid("documents", "document.notFound")
            }
            links.append(
                DossierDocument(
                    requirement: link.requirement, documentId: document.id,
                    reused: link.reused || document.kind == .result))
        }
        let result = try await dossierService.receive(
            submission.receipt, by: nil, idempotencyKey: Self.idempotencyKey(submissionKey, citizen),
            extras: DossierChangeExtras(
                citizenId: citizen.id, documents: links, clearsDraft: true, identityLevel: citizen.identityLevel))
        if result.created { try await completeProfile(of: citizen, from: submission) }
        return result
    }

    /// Declared once: what the first submission says about the applicant fills the gaps of the
    /// citizen's profile (never overwrites it), so the next form starts complete.
    func completeProfile(of citizen: Citizen, from submission: OnlineSubmission) async throws {
        var p = citizen.profile
        let a = submission.applicant
        if p.idNumber == nil, CitizenIDNumber.isValid(a.idNumber, birthDate: p.birthDate) { p.idNumber = a.idNumber }
        if p.address == nil { p.address = a.address }
        if p.phone == nil { p.phone = a.phone }
        if p.email == nil { p.email = a.email }
        if p.unitCode == nil { p.unitCode = submission.communeCode }
        let today = LocalDate.local(now, utcOffsetSeconds: try await dossierService.defaultCalendar().utcOffsetSeconds).date
        guard p != citizen.profile, let valid = try? p.normalised(today: today) else { return }
        // Another account may hold the same number or phone: then the profile simply stays as it was.
        do { _ = try await citizens.updateProfile(citizenId: citizen.id, valid) } catch let error as DomainError
            where error.kind == .conflict
        {}
    }

    /// The dossier an earlier request with `submissionKey` made, if any (a double click or a retry).
    public func submitted(with submissionKey: String, by citizen: Citizen) async throws -> Dossier? {
        try await dossiers.dossier(idempotencyKey: Self.idempotencyKey(submissionKey, citizen))
    }

    static func idempotencyKey(_ submissionKey: String, _ citizen: Citizen) -> String { "citizen:\(citizen.id):\(submissionKey)" }

    /// One of the citizen's dossiers by its code.
    public func dossier(code: String, of citizen: Citizen) async throws -> Dossier {
        guard DossierCode.isWellFormed(code), let dossier = try await dossiers.dossier(code: code),
            dossier.citizenId == citizen.id
        else { throw DomainError.notFound("dossier.notFound") }
        return dossier
    }

    public func dossiers(of citizen: Citizen) async throws -> [Dossier] {
        try await dossiers.dossiers(citizenId: citizen.id, limit: 200)
    }

    /// Whether the dossier waits for a payment the citizen can make online.
    public func awaitsPayment(_ dossier: Dossier) async throws -> Bool {
        guard dossier.feeAmount > 0, let workflow = try await catalogue.workflow(code: dossier.workflowCode) else { return false }
        return workflow.transitions(from: dossier.state).contains { $0.effect == .confirmPayment }
    }

    /// How far in the future a provider's timestamp may be (the two clocks differ a little).
    public static let clockSkew: TimeInterval = 120

    /// Whether fees can be paid online: a payment provider is configured (otherwise at the counter).
    public var paysOnline: Bool { provider != nil }

    /// Opens (or reuses) the payment order of the citizen's dossier and returns the provider's page.
    /// An order older than its lifetime is not reused.
    public func startPayment(
        code: String, by citizen: Citizen, returnURL: String, notifyURL: String, payerAddress: String = "127.0.0.1"
    ) async throws -> String {
        guard let provider else { throw DomainError.conflict("payment.unavailable") }
        let dossier = try await dossier(code: code, of: citizen)
        guard try await awaitsPayment(dossier) else { throw DomainError.conflict("payment.notAwaited") }
        let order = try await payments.pendingOrder(
            dossierId: dossier.id, citizenId: citizen.id, amount: dossier.feeAmount,
            provider: provider.id, openedSince: now.addingTimeInterval(-orderLifetime), now: now)
        return provider.checkoutURL(for: order, returnURL: returnURL, notifyURL: notifyURL, payerAddress: payerAddress, now: now)
    }

    /// Handles a provider's notice (browser return or server callback); a refused notice is written
    /// to the audit log with the refusal and the caller's `address`. Forged notices are refused; a
    /// nonce seen before, or an order already paid, changes nothing; the notice must be recent and
    /// not from the future, the order not expired, its amount the notice's and the fee the dossier
    /// asks now; only a verified success settles the dossier's obligation.
    public func receiveNotice(_ parameters: [String: String], address: String?) async throws -> PaymentNoticeOutcome {
        guard let provider else { throw DomainError.notFound("payment.unavailable") }
        do {
            return try await settle(parameters, provider: provider)
        } catch let error as DomainError {
            try await audit.record(
                AuditActor(name: "payment:\(provider.id)", address: address).entry(
                    "payment.noticeRefused", target: parameters["order"], detail: error.code, at: now))
            throw error
        }
    }

    private func settle(_ parameters: [String: String], provider: any PaymentProvider, maxAge: TimeInterval = 900) async throws
        -> PaymentNoticeOutcome
    {
        let notice = try provider.verify(parameters)
        let age = now.timeIntervalSince(notice.issuedAt)
        guard age <= maxAge, age >= -Self.clockSkew else { throw DomainError(.invalid, "payment.staleNotice") }
        guard let order = try await payments.payment(orderId: notice.orderId) else { throw DomainError.notFound("payment.notFound") }
        guard notice.amount == order.amount else { throw DomainError(.invalid, "payment.amountMismatch") }
        if order.status == .pending, notice.succeeded, notice.issuedAt.timeIntervalSince(order.createdAt) > orderLifetime {
            throw DomainError(.invalid, "payment.orderExpired")
        }
        let fresh = try await payments.recordNotice(
            provider: provider.id, nonce: notice.nonce, orderId: order.orderId,
            outcome: notice.succeeded ? "success" : "failure", now: now)
        if order.status == .paid { return order.providerTransaction == notice.transactionId ? .alreadyPaid : .conflict }
        guard fresh else { return .duplicate }
        guard notice.succeeded else { return .failed }
        guard let dossier = try await dossiers.dossier(id: order.dossierId) else { throw DomainError.notFound("dossier.notFound") }
        do {
            _ = try await dossierService.settle(
                dossier,
                with: PaymentSettlement(
                    orderId: order.orderId, transactionId: notice.transactionId, amount: order.amount,
                    paidAt: now), providerName: provider.displayName)
            return .settled
        } catch let error as DomainError where error.kind == .conflict {
            // The other notice of the same payment (return or callback) settled it meanwhile.
            if let again = try await payments.payment(orderId: order.orderId), again.status == .paid,
                again.providerTransaction == notice.transactionId
            {
                return .alreadyPaid
            }
            throw error
        }
    }

    /// The citizen's saved draft of the procedure `procedureCode`, if any.
    public func draft(of citizen: Citizen, procedureCode: String) async throws -> SubmissionDraft? {
        try await drafts.draft(citizenId: citizen.id, procedureCode: procedureCode)
    }

    /// Keeps the citizen's draft of the procedure `procedureCode` for later.
    public func saveDraft(_ draft: SubmissionDraft, of citizen: Citizen, procedureCode: String) async throws {
        try await drafts.save(draft, citizenId: citizen.id, procedureCode: procedureCode)
    }

    /// The citizen's payment receipts.
    public func payments(of citizen: Citizen) async throws -> [Payment] {
        try await payments.payments(citizenId: citizen.id)
    }

    /// Rates a dossier whose result was returned; once per dossier.
    public func rate(code: String, by citizen: Citizen, score: RatingScore, comment: String?) async throws {
        let dossier = try await dossier(code: code, of: citizen)
        guard dossier.outcome == .returned else { throw DomainError.conflict("rating.notReturned") }
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (text?.count ?? 0) <= 1000 else { throw DomainError.invalid("comment", "tooLong") }
        try await ratings.add(
            Rating(
                dossierId: dossier.id, citizenId: citizen.id, agencyId: dossier.handlingAgencyId,
                score: score, comment: (text?.isEmpty ?? true) ? nil : text, createdAt: now))
    }
}

/// What a payment notice did.
public enum PaymentNoticeOutcome: String, Sendable {
    /// Verified success: the obligation is settled.
    case settled
    /// The order was already paid by this transaction (the other notice, or a retry).
    case alreadyPaid
    /// The order was paid by another transaction; this notice changes nothing.
    case conflict
    /// The nonce was seen before.
    case duplicate
    /// The payer cancelled or the payment failed.
    case failed
}
