import Domain
import Foundation

/// Builds the officer's dossier pages (the dossier page and both slips) from the stores.
struct DossierPageViews: Sendable {
    let catalogue: any CatalogueRepository
    let dossiers: any DossierRepository
    let agencies: any AgencyRepository
    let documents: any DocumentRepository
    let results: any ResultRepository
    let strings: Strings
    let clock: Clock

    /// What the dossier page and both slips show.
    func facts(_ d: Dossier, language: Language) async throws -> DossierFacts {
        let english = language == .en
        let workflow = try await catalogue.workflow(code: d.workflowCode)
        let procedure = try await catalogue.procedure(code: d.procedureCode)
        func agencyName(_ id: String?) async throws -> String {
            guard let id, let a = try await agencies.agency(id: id) else { return id ?? "" }
            return english ? a.nameEn : a.name
        }
        func stateName(_ code: String?) -> String {
            guard let code, let s = workflow?.state(code) else { return code ?? "" }
            return english ? s.nameEn : s.name
        }
        var history: [DossierFacts.HistoryRow] = []
        let events = try await dossiers.events(dossierId: d.id)
        for e in events {
            history.append(
                DossierFacts.HistoryRow(
                    sequence: e.sequence, at: Format.instant(e.occurredAt),
                    action: workflow?.transition(e.action).map { english ? $0.nameEn : $0.name }
                        ?? strings.text("action.\(e.action)", language),
                    from: stateName(e.fromState), to: stateName(e.toState), actor: e.actorName,
                    role: e.actorRole.map { strings.text("role.\($0.rawValue)", language) } ?? "",
                    agency: try await agencyName(e.agencyId), note: e.note ?? "",
                    deadline: Format.day(e.stepDeadline), nextDeadline: Format.day(e.nextDeadline),
                    timeliness: e.stepTimeliness.map { strings.text("timeliness.\($0.rawValue)", language) },
                    timelinessCode: e.stepTimeliness?.rawValue ?? ""))
        }
        let received = try await receivedDocuments(d, procedure: procedure, english: english)
        let slips = try await dossiers.slips(dossierId: d.id).map {
            DossierFacts.SlipLink(
                title: strings.text("slip_title_\($0.kind.rawValue)", language), form: $0.kind.form, issuedAt: Format.instant($0.issuedAt),
                link: Routes.dossierSlip.link(d.code, String($0.sequence)))
        }
        let applicant = DossierFacts.ApplicantView(
            fullName: d.applicant.fullName, idNumber: d.applicant.idNumber, phone: d.applicant.phone,
            email: d.applicant.email ?? "", address: d.applicant.address)
        let links = DossierFacts.Links(
            dossier: Routes.dossier.link(d.code), receipt: Routes.receiptSlip.link(d.code),
            controlSlip: Routes.controlSlip.link(d.code), queue: Routes.queue.link(),
            tracking: Routes.tracking.link() + "?code=\(d.code)")
        return DossierFacts(
            code: d.code, version: d.version, state: stateName(d.state), procedureCode: d.procedureCode,
            procedure: (english ? procedure?.nameEn : procedure?.name) ?? d.procedureCode,
            timeLimit: procedure?.timeLimit.label(english: english) ?? "", documents: received, slips: slips,
            hasSlips: !slips.isEmpty,
            channel: strings.text("channel.\(d.channel.rawValue)", language), applicant: applicant,
            receivingAgency: try await agencyName(d.receivingAgencyId), handlingAgency: try await agencyName(d.handlingAgencyId),
            submittedAt: Format.instant(d.submittedAt), receivedAt: Format.instant(d.receivedAt),
            dueDate: Format.day(d.dueDate), legalDueDate: Format.day(d.legalDueDate), stepDeadline: Format.day(d.stepDeadline),
            apologized: d.apologized, supplementCount: d.supplementCount, fee: Format.fee(d.feeAmount, english: english),
            paid: d.paidAt != nil, finishedAt: d.finishedAt.map(Format.instant),
            timeliness: d.timeliness.map { strings.text("timeliness.\($0.rawValue)", language) },
            history: history, receivedBy: events.first?.actorName, dossierLinks: links,
            today: Format.day(LocalDate.local(clock.now(), utcOffsetSeconds: Format.offset).date))
    }

    /// What the receipt lists: the components the counter recorded as received with their counts; for a dossier
    /// submitted online, the documents uploaded (electronic copies); nothing for a dossier received without a checklist.
    func receivedDocuments(_ d: Dossier, procedure: Procedure?, english: Bool) async throws -> [DossierFacts.RequiredDocument] {
        func name(_ index: Int) -> String {
            guard let r = procedure?.documents[safe: index] else { return "" }
            return english ? r.nameEn : r.name
        }
        let recorded = try await dossiers.components(dossierId: d.id)
        if !recorded.isEmpty {
            return recorded.map {
                DossierFacts.RequiredDocument(
                    name: name($0.requirement), originals: $0.originals, copies: $0.copies, scanned: $0.scanned, electronic: false)
            }
        }
        let uploaded = try await documents.dossierDocuments(dossierId: d.id).filter { $0.0.supplementRound == nil }
        return Set(uploaded.map(\.0.requirement)).sorted().map {
            DossierFacts.RequiredDocument(name: name($0), originals: 0, copies: 0, scanned: false, electronic: true)
        }
    }

    /// The dossier page of `d` for `officer`, with `error` from a refused action.
    func page(_ d: Dossier, for officer: Officer, language: Language, error: String?) async throws -> DossierPage {
        let facts = try await facts(d, language: language)
        guard let workflow = try await catalogue.workflow(code: d.workflowCode) else { throw DomainError.notFound("workflow.notFound") }
        let english = language == .en
        let specialists = try await agencies.officers(agencyId: d.handlingAgencyId).filter { $0.roles.contains(.specialist) && $0.active }
        let targets = try await agencies.agencies(kind: nil).filter {
            $0.id != d.handlingAgencyId && $0.kind != .communeOneStop && $0.kind != .serviceCentre
        }
        let available = DossierRules.availableTransitions(for: d, workflow: workflow, actor: officer)
        let result = try await results.result(dossierId: d.id)
        let main = WorkflowTransition.mainStep(among: available)
        let forms = available.map { t in
            var a = DossierPage.ActionForm(
                action: t.action, name: english ? t.nameEn : t.name, requiresNote: t.requiresNote,
                formAction: Routes.dossierTransition.link(d.code), version: d.version)
            switch t.effect {
            case .assign:
                a.needsAssignee = true
                a.assignees = specialists.map { DossierPage.Choice(id: String($0.id), name: $0.fullName) }
            case .transfer:
                a.needsTarget = true
                a.targets = targets.map { DossierPage.Choice(id: $0.id, name: english ? $0.nameEn : $0.name) }
            case .apologize: a.needsDate = true
            case .requestPayment:
                a.needsAmount = true
                a.amount = d.feeAmount
            default: break
            }
            a.primary = t.action == main?.action
            if let rule = t.result, result == nil {
                a.resultBlocks = rule.refuses(channel: d.channel)
                a.resultNotice = strings.text(a.resultBlocks ? "officer_result_needed" : "officer_result_warning", language)
            }
            return a
        }
        let procedure = try await catalogue.procedure(code: d.procedureCode)
        let files = try await documents.dossierDocuments(dossierId: d.id).map { link, doc in
            let requirement = procedure?.documents[safe: link.requirement]
            let name = link.supplementRound.map { strings.text("my_dossier_supplement_round", language) + " \($0)" }
            return DossierPage.FileRow(
                requirement: name ?? (english ? requirement?.nameEn : requirement?.name) ?? "", fileName: doc.fileName,
                link: Routes.document.link(String(doc.id)), reused: link.reused,
                preview: Routes.documentPreview.link(String(doc.id)))
        }
        var resultFile: StoredDocument?
        if let result { resultFile = try await documents.document(id: result.documentId) }
        let resultView = result.map { result in
            let revocable =
                result.signature != nil && result.revokedAt == nil && officer.roles.contains(.leader)
                && d.handlingAgencyId == officer.agencyId
            return DossierPage.ResultView(
                link: Routes.document.link(String(result.documentId)), signed: result.signature != nil,
                signedAt: result.signature.map { Format.instant($0.signedAt) }, sha256: result.sha256,
                revoked: result.revokedAt != nil, revoke: revocable ? Routes.dossierResultRevocation.link(d.code) : nil,
                preview: Routes.documentPreview.link(String(result.documentId)), fileName: resultFile?.fileName ?? "",
                isPDF: resultFile?.mediaType == .pdf)
        }
        let canAttach =
            result?.signature == nil && d.outcome == nil && d.handlingAgencyId == officer.agencyId
            && !officer.roles.isDisjoint(with: [.specialist, .leader])
        // The main step first, the other queued actions after it; side paths (apology, stop, withdrawal...) folded away.
        return DossierPage(
            facts: facts, hasActions: !available.isEmpty, primary: forms.first { $0.primary },
            actions: zip(available, forms).filter { $0.0.queues && !$0.1.primary }.map(\.1),
            sideActions: zip(available, forms).filter { !$0.0.queues }.map(\.1), hasSideActions: available.contains { !$0.queues },
            documents: files, result: resultView, attachResult: canAttach ? Routes.dossierResult.link(d.code) : nil, error: error)
    }
}
