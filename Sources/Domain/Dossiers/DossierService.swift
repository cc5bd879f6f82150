import Foundation

/// Receives dossiers and moves them through their workflow: resolves the data the rules need,
/// checks who may see what, and hands each change to the store as one transaction.
public struct DossierService: Sendable {
    let catalogue: any CatalogueRepository
    let agencies: any AgencyRepository
    let calendars: any CalendarRepository
    let dossiers: any DossierRepository
    let results: any ResultRepository
    let signer: any ResultSigner
    let blobs: any BlobStore
    let clock: Clock

    public init(
        catalogue: any CatalogueRepository, agencies: any AgencyRepository, calendars: any CalendarRepository,
        dossiers: any DossierRepository, results: any ResultRepository, signer: any ResultSigner,
        blobs: any BlobStore, clock: Clock
    ) {
        self.catalogue = catalogue
        self.agencies = agencies
        self.calendars = calendars
        self.dossiers = dossiers
        self.results = results
        self.signer = signer
        self.blobs = blobs
        self.clock = clock
    }

    /// The current instant of the application's clock.
    public func now() -> Date { clock.now() }

    /// Opens a dossier: at the counter by `actor`, or online when `actor` is nil. `extras` carry
    /// what the portal adds (the citizen's account, the documents).
    public func receive(
        _ input: ReceiptInput, by actor: Officer?, idempotencyKey: String?,
        extras: DossierChangeExtras = DossierChangeExtras()
    ) async throws -> (dossier: Dossier, created: Bool) {
        try input.validate()
        if let actor, !actor.roles.contains(.receiving) { throw DomainError.forbidden("dossier.receiveForbidden") }
        guard let procedure = try await catalogue.procedure(code: input.procedureCode) else {
            throw DomainError(.invalid, "procedure.notFound", ["code": input.procedureCode])
        }
        guard let workflow = try await catalogue.workflow(code: procedure.workflow) else {
            throw DomainError.notFound("workflow.notFound")
        }
        let calendar = try await calendar(for: procedure)
        let at = now()
        let today = LocalDate.local(at, utcOffsetSeconds: calendar.utcOffsetSeconds).date
        if actor != nil { try Self.checkChannel(input.channel, procedure: procedure, scans: extras.documents, on: today) }
        let receiving: Agency
        if let actor {
            guard let own = try await agencies.agency(id: actor.agencyId) else { throw DomainError.forbidden() }
            receiving = own
        } else {
            receiving = try await onlineDesk(for: procedure, communeCode: input.communeCode)
        }
        let handling = try await competentAgency(for: procedure, communeCode: input.communeCode ?? receiving.unitCode)
        var applicant = input.applicant
        applicant.fullName = applicant.fullName.trimmingCharacters(in: .whitespacesAndNewlines)
        try input.feeAnswers?.validate(today: today)
        var (dossier, event) = DossierRules.receive(
            procedure: procedure, workflow: workflow, calendar: calendar,
            channel: actor == nil ? .online : input.channel, applicant: applicant,
            receivingAgencyId: receiving.id, handlingAgencyId: handling.id, actor: actor, now: at, note: input.note,
            feeAnswers: input.feeAnswers ?? FeeAnswers())
        dossier.citizenId = extras.citizenId
        var extras = extras
        if let components = input.components {
            try ReceivedComponent.check(components, against: procedure)
            extras.components = components.sorted { $0.requirement < $1.requirement }
        }
        extras.nationalStatus = workflow.state(dossier.state)?.nationalStatus
        return try await dossiers.create(
            dossier, event: event, extras: extras, idempotencyKey: idempotencyKey,
            utcOffsetSeconds: calendar.utcOffsetSeconds)
    }

    /// Performs a transition on behalf of `actor`.
    public func transition(code: String, _ request: TransitionRequest, by actor: Officer) async throws -> Dossier {
        try await perform(request, on: try await visibleDossier(code: code, to: actor), by: actor, extras: DossierChangeExtras())
    }

    /// Settles the financial obligation of `dossier` with a verified payment: the platform, on
    /// behalf of the receiving desk, performs the workflow's payment-confirming transition and
    /// marks the order paid in the same transaction. An order whose amount is no longer the fee the
    /// dossier asks is refused.
    public func settle(_ dossier: Dossier, with settlement: PaymentSettlement, providerName: String) async throws -> Dossier {
        guard settlement.amount == dossier.feeAmount else { throw DomainError.conflict("payment.amountChanged") }
        guard let workflow = try await catalogue.workflow(code: dossier.workflowCode),
            let transition = workflow.transitions(from: dossier.state).first(where: { $0.effect == .confirmPayment })
        else {
            throw DomainError.conflict("payment.notAwaited")
        }
        let agency = transition.scope == .receivingAgency ? dossier.receivingAgencyId : dossier.handlingAgencyId
        let system = Officer(id: 0, username: "system", fullName: providerName, agencyId: agency, roles: [transition.role])
        return try await perform(
            TransitionRequest(action: transition.action, expectedVersion: dossier.version),
            on: dossier, by: system, extras: DossierChangeExtras(settledPayment: settlement))
    }

    /// Records the citizen's online answer to the supplement request of `dossier`: the platform, on
    /// behalf of the receiving desk, performs the workflow's supplement transition (back to the state
    /// the workflow resumes, the clock counted again) with the answer's documents and the citizen's
    /// audit line in the same transaction. Refused (409) unless the dossier waits for a supplement.
    public func answerSupplement(
        _ dossier: Dossier, with response: SupplementResponse, applicantName: String, audit: AuditEntry
    ) async throws -> Dossier {
        guard let workflow = try await catalogue.workflow(code: dossier.workflowCode),
            let transition = workflow.transitions(from: dossier.state).first(where: { $0.effect == .supplement })
        else {
            throw DomainError.conflict("supplement.notRequested")
        }
        let agency = transition.scope == .receivingAgency ? dossier.receivingAgencyId : dossier.handlingAgencyId
        let desk = Officer(id: 0, username: "citizen", fullName: applicantName, agencyId: agency, roles: [transition.role])
        return try await perform(
            TransitionRequest(action: transition.action, expectedVersion: dossier.version, note: response.message),
            on: dossier, by: desk, extras: DossierChangeExtras(supplement: response, audit: audit))
    }

    private func perform(
        _ request: TransitionRequest, on dossier: Dossier, by actor: Officer,
        extras: DossierChangeExtras
    ) async throws -> Dossier {
        guard let procedure = try await catalogue.procedure(code: dossier.procedureCode),
            let workflow = try await catalogue.workflow(code: dossier.workflowCode)
        else {
            throw DomainError.notFound("workflow.notFound")
        }
        var context = TransitionContext(
            workflow: workflow, procedure: procedure,
            calendar: try await calendar(for: procedure), actor: actor, now: now())
        if let id = request.assigneeId { context.assignee = try await agencies.officer(id: id) }
        if let id = request.targetAgencyId { context.targetAgency = try await agencies.agency(id: id) }
        let (updated, event) = try DossierRules.apply(request, to: dossier, context: context)
        if let rule = workflow.transition(request.action)?.result, rule.refuses(channel: dossier.channel),
            try await results.result(dossierId: dossier.id) == nil
        {
            throw DomainError.conflict("result.requiredToSubmit")
        }
        var extras = extras
        if let transition = workflow.transition(request.action),
            let kind = SlipKind.issued(by: transition, entering: workflow.state(updated.state))
        {
            extras.slip = DossierSlip(
                kind: kind, reason: event.note ?? "", newDueDate: kind == .apology ? updated.dueDate : nil,
                issuedAt: context.now, issuedBy: actor.fullName)
        }
        extras.nationalStatus = workflow.state(updated.state)?.nationalStatus
        if workflow.transition(request.action)?.effect == .approve {
            extras.signature = try await signResult(of: dossier, at: context.now)
        }
        return try await dossiers.update(updated, expectedVersion: dossier.version, event: event, extras: extras)
    }

    /// Signs the result attached to `dossier` with its handling agency's key. A dossier submitted
    /// online is answered electronically, so approving one without a result is refused.
    private func signResult(of dossier: Dossier, at now: Date) async throws -> ResultSignature? {
        guard let result = try await results.result(dossierId: dossier.id) else {
            if dossier.channel.isOnline { throw DomainError.conflict("result.missing") }
            return nil
        }
        guard let file = try await blobs.get(result.sha256) else { throw DomainError.conflict("result.fileMissing") }
        return try await signer.sign(file, agencyId: dossier.handlingAgencyId, now: now)
    }

    /// The dossier if `officer`'s agency received or handles it; "not found" otherwise, so that
    /// codes of other agencies' dossiers cannot be probed.
    public func visibleDossier(code: String, to officer: Officer) async throws -> Dossier {
        guard DossierCode.isWellFormed(code), let dossier = try await dossiers.dossier(code: code),
            dossier.isVisible(to: officer.agencyId)
        else { throw DomainError.notFound("dossier.notFound") }
        return dossier
    }

    /// A dossier's public progress, by its code alone.
    public func progress(code typed: String) async throws -> DossierProgress {
        let code = DossierCode.normalized(typed)
        guard DossierCode.isWellFormed(code), let progress = try await dossiers.progress(code: code) else {
            throw DomainError.notFound("dossier.notFound")
        }
        return progress
    }

    /// `officer`'s queue: the dossiers in states where one of their roles has something to do.
    public func queue(
        for officer: Officer, workflow: Workflow, procedureCode: String? = nil, state: String? = nil,
        overdueOnly: Bool = false, cursor: String? = nil, limit: Int = 50
    ) async throws -> QueuePage {
        var receivingStates = Set<String>()
        var handlingStates = Set<String>()
        for t in workflow.transitions where t.queues && officer.roles.contains(t.role) {
            if t.scope == .receivingAgency { receivingStates.formUnion(t.from) } else { handlingStates.formUnion(t.from) }
        }
        let onlySpecialist = officer.roles == [.specialist]
        let today = LocalDate.local(now(), utcOffsetSeconds: try await defaultCalendar().utcOffsetSeconds).date
        let query = QueueQuery(
            receivingStates: receivingStates.sorted(), handlingStates: handlingStates.sorted(),
            agencyId: officer.agencyId, assigneeId: onlySpecialist ? officer.id : nil,
            procedureCode: procedureCode, state: state,
            overdueBefore: overdueOnly ? today : nil, cursor: cursor, limit: min(max(limit, 1), 200))
        return try await dossiers.queue(query)
    }

    /// Of `dossiers`, the ids of those whose supplement request was just answered online by the applicant.
    public func freshlySupplemented(_ dossiers: [Dossier]) async throws -> Set<Int64> {
        try await self.dossiers.freshlySupplemented(dossierIds: dossiers.filter { $0.supplementCount > 0 }.map(\.id))
    }

    /// The default working calendar.
    public func defaultCalendar() async throws -> WorkingCalendar {
        guard let calendar = try await calendars.calendar(code: try await calendars.defaultCalendarCode()) else {
            throw DomainError.notFound("calendar.notFound")
        }
        return calendar
    }

    /// The calendar a procedure counts on (its own, or the default one).
    public func calendar(for procedure: Procedure) async throws -> WorkingCalendar {
        guard let code = procedure.calendar else { return try await defaultCalendar() }
        guard let calendar = try await calendars.calendar(code: code) else { throw DomainError.notFound("calendar.notFound") }
        return calendar
    }

    private func onlineDesk(for procedure: Procedure, communeCode: String?) async throws -> Agency {
        if procedure.level == .commune {
            guard let commune = communeCode else { throw DomainError.invalid("communeCode", "required") }
            guard let desk = try await agencies.communeAgency(unitCode: commune, kind: .communeOneStop) else {
                throw DomainError.invalid("communeCode", "unit.notFound")
            }
            return desk
        }
        guard let centre = try await agencies.agencies(kind: .serviceCentre).first else { throw DomainError.notFound("agency.notFound") }
        return centre
    }

    private func competentAgency(for procedure: Procedure, communeCode: String?) async throws -> Agency {
        switch procedure.level {
        case .commune:
            guard let commune = communeCode else { throw DomainError.invalid("communeCode", "required") }
            let kind: AgencyKind = procedure.competentAgency == "communePolice" ? .communePolice : .communeCommittee
            guard let agency = try await agencies.communeAgency(unitCode: commune, kind: kind) else {
                throw DomainError.invalid("communeCode", "unit.notFound")
            }
            return agency
        case .province:
            guard let agency = try await agencies.agency(shortCode: procedure.competentAgency) else {
                throw DomainError.notFound("agency.notFound")
            }
            return agency
        }
    }
}
