import Domain
import Foundation
import Hummingbird

/// A unit's assessment page and its forms: self-assessment with evidence (the unit), review of
/// each sub-index (the appraiser), and the evidence download.
extension DTIPagesController {
    func unit(_ r: DTIRound, _ key: String, _ context: OfficerContext, error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let officer = context.officer
        try await dti.requireView(officer, round: r, unit: key)
        let language = context.language
        let names = try await views.unitNames(r.group, language)
        guard let name = names[key] else { throw DomainError.notFound("dti.unitNotFound") }
        let score = try await dti.score(r, unit: key)
        let entries = r.status == .published ? [:] : try await dti.entries(r, unit: key)
        let own = try await dti.ownUnit(officer)
        let canDeclare = own?.group == r.group && own?.key == key && r.acceptsDeclarations(today: requests.today)
        let canReview = dti.isAppraiser(officer, agency: r.appraiserAgency) && r.status == .open
        var documentNames: [Int64: String] = [:]
        for id in entries.values.flatMap(\.evidence) { documentNames[id] = try await documents.document(id: id)?.fileName }
        let input = DTIViews.UnitInput(
            round: r, key: key, name: name, score: score, entries: entries, documentNames: documentNames,
            history: try await dti.history(r, unit: key), canDeclare: canDeclare, canReview: canReview, error: error)
        return try pages.render(views.unitPage(input, language), context: context, status: status)
    }

    /// The unit's self-assessment from its form: one sub-index, or a whole section with one save
    /// (blank sub-indices stay unanswered). Every value is checked before any evidence file is stored,
    /// and the section's declarations are written together, so a refused form leaves nothing behind.
    @Sendable func declare(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        let actor = DTIRequests.actor(context)
        let r = try await requests.round(context)
        let key = try context.parameter("unit")
        let form = try await MultipartForm.read(request, settings: settings, files: r.framework.subIndices.count)
        do {
            let section = try DTISectionForm(form.fields, framework: r.framework)
            for answer in section.answers {
                guard let s = r.framework.subIndex(answer.declaration.subIndex) else { continue }
                try answer.declaration.validate(against: s)
                if let file = form.file(answer.fileField) { _ = try uploads.check(file, allowed: [.pdf, .jpeg, .png]) }
            }
            try await dti.requireDeclarant(officer, round: r, unit: key)
            // A section saved again leaves its unchanged answers (and their review) as they are.
            let existing = try await dti.entries(r, unit: key)
            var declarations: [DTIDeclaration] = []
            for answer in section.answers where form.file(answer.fileField) != nil || !Self.same(answer.declaration, existing) {
                var declaration = answer.declaration
                if let file = form.file(answer.fileField) {
                    let stored = try await uploads.store(
                        file, title: "DTI \(r.year) \(key) \(declaration.subIndex)", citizenId: nil, now: requests.clock.now())
                    try await dti.addEvidence(
                        r, unit: key, subIndex: declaration.subIndex, documentId: stored.id, officer: officer, by: actor)
                    declaration.evidence.append(stored.id)
                }
                declarations.append(declaration)
            }
            if !declarations.isEmpty { try await dti.declare(r, unit: key, declarations, officer: officer, by: actor) }
            return .redirect(to: Routes.dtiUnit.link(String(r.id), key) + "#\(section.anchor)", type: .normal)
        } catch let error as DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await unit(r, key, context, error: pages.message(error, context), status: error.kind.status)
        }
    }

    /// Whether `d` declares what the unit's entry already holds.
    static func same(_ d: DTIDeclaration, _ entries: [String: DTIEntry]) -> Bool {
        guard let e = entries[d.subIndex] else { return false }
        return e.value == d.value && e.denominator == d.denominator && e.comment == d.comment && Set(e.evidence) == Set(d.evidence)
    }

    /// The appraiser's decision on one sub-index.
    @Sendable func review(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let r = try await requests.round(context)
        let key = try context.parameter("unit")
        let f = try await FormData.read(request, limit: settings.maxBodyBytes)
        do {
            let code = f["subIndex"] ?? ""
            let reason = f["reason"] ?? ""
            let decision: DTIReview
            switch f["decision"] {
            case "accept": decision = .accept
            case "adjust":
                guard let value = try DTIViews.number(f["value"]) else { throw DomainError(.invalid, "dti.badValue", ["code": code]) }
                decision = .adjust(value: value, denominator: try DTIViews.number(f["denominator"]), reason: reason)
            case "moreEvidence": decision = .moreEvidence(reason: reason)
            default: throw DomainError.invalid("decision")
            }
            try await dti.review(r, unit: key, subIndex: code, decision, officer: context.officer, by: DTIRequests.actor(context))
            return .redirect(to: Routes.dtiUnit.link(String(r.id), key) + "#s-\(code)", type: .normal)
        } catch let error as DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await unit(r, key, context, error: pages.message(error, context), status: error.kind.status)
        }
    }

    /// An evidence file, to the unit's officers and the appraisers; "not found" to anyone else.
    @Sendable func evidence(_ request: Request, _ context: OfficerContext) async throws -> Response {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("document.notFound") }
        _ = try await dti.evidenceOwner(documentId: id, officer: context.officer)
        guard let document = try await documents.document(id: id), let body = try await blobs.body(document.sha256) else {
            throw DomainError.notFound("document.notFound")
        }
        let ascii = document.fileName.unicodeScalars.map { $0.isASCII && $0 != "\"" ? String($0) : "_" }.joined()
        return Response(
            status: .ok,
            headers: [
                .contentType: document.mediaType.rawValue,
                .contentDisposition: "attachment; filename=\"\(ascii)\"", .cacheControl: "private, no-store",
            ],
            body: body)
    }
}
