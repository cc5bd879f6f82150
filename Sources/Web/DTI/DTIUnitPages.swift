import Domain
import Foundation
import Hummingbird

/// A unit's assessment page and its forms: self-assessment with evidence (the unit), review of
/// each sub-index (the appraiser), the evidence download, and the targets page.
extension DTIPagesController {
    func unit(_ r: DTIRound, _ key: String, _ context: AppRequestContext, error: String?, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let officer = try context.requireOfficer()
        try await dti.requireView(officer, round: r, unit: key)
        let language = context.language
        let english = language == .en
        let names = try await views.unitNames(r.group, language)
        guard let name = names[key] else { throw DomainError.notFound("dti.unitNotFound") }
        let score = try await dti.score(r, unit: key)
        let entries = r.status == .published ? [:] : try await dti.repository.entries(roundId: r.id, unit: key)
        let own = try await dti.ownUnit(officer)
        let canDeclare = own?.group == r.group && own?.key == key && r.acceptsDeclarations(today: today)
        let canReview = dti.isAppraiser(officer, agency: r.appraiserAgency) && r.status == .open
        var documentNames: [Int64: String] = [:]
        for id in entries.values.flatMap(\.evidence) { documentNames[id] = try await documents.document(id: id)?.fileName }
        let pillars = r.framework.nodes.map { p -> [String: Any] in
            let ps = score.pillars.first { $0.code == p.code }
            return [
                "code": p.code, "name": english ? p.nameEn : p.name, "points": views.points(ps?.points, language),
                "max": views.points(p.maxPoints, language),
                "subIndices": p.children.map { s -> [String: Any] in
                    let ss = score.subIndices.first { $0.code == s.code }
                    let e = entries[s.code]
                    var row: [String: Any] = [
                        "code": s.code, "name": english ? s.nameEn : s.name, "guidance": english ? s.guidanceEn : s.guidance,
                        "platform": s.source == .platform, "formula": s.rule.formula(max: s.maxPoints),
                        "points": views.points(ss?.points, language), "max": views.points(s.maxPoints, language),
                        "value": views.value(
                            ss?.value, denominator: ss?.denominator, unit: s.unit, platform: s.source == .platform, language),
                        "evidenceRequired": s.evidenceRequired, "isRatio": s.unit == .ratio, "isYesNo": s.unit == .yesNo,
                        "unitHint": views.strings.text("dti_unit_\(s.unit.rawValue)", language),
                        "advice": views.advice(ss?.advice, unit: s.unit, source: s.source, language) as Any,
                        "canDeclare": canDeclare && s.source == .reported,
                        "canReview": canReview && e != nil,
                    ]
                    if s.source == .platform, let i = s.indicator {
                        row["indicator"] = views.strings.text("dti_indicator_\(i.rawValue)", language)
                        row["inputs"] =
                            ss.flatMap { sc in
                                sc.value.map { v in
                                    "\(views.points(v * (sc.denominator ?? 0) / 100, language)) / \(views.points(sc.denominator, language))"
                                }
                            } as Any
                    }
                    if let e {
                        row["entry"] =
                            [
                                "declared": views.value(e.value, denominator: e.denominator, unit: s.unit, platform: false, language),
                                "value": views.points(e.value, .en), "denominator": e.denominator.map { views.points($0, .en) } as Any,
                                "comment": (e.comment.isEmpty ? nil : e.comment) as Any, "hasEvidence": !e.evidence.isEmpty,
                                "isNo": e.value == 0, "status": views.strings.text("dti_review_\(e.status.rawValue)", language),
                                "statusCode": e.status.rawValue, "reason": e.reviewReason as Any, "reviewer": e.reviewer as Any,
                                "evidence": e.evidence.map {
                                    ["link": Routes.dtiEvidence.link(String($0)), "name": documentNames[$0] ?? "\($0)", "id": $0]
                                },
                                "evidenceIds": e.evidence.map(String.init).joined(separator: ","),
                            ] as [String: Any]
                    }
                    return row
                },
            ]
        }
        return try pages.render(
            "dti-unit",
            [
                "title": views.roundTitle(r, language), "unitName": name, "unitCode": key, "pillars": pillars,
                "total": views.points(score.total, language), "declaredTotal": views.points(score.declaredTotal, language),
                "maxPoints": views.points(r.framework.maxPoints, language), "deadline": Format.day(r.deadline),
                "published": r.status == .published, "canDeclare": canDeclare, "canReview": canReview,
                "hasRecognition": score.recognised != nil, "recognised": score.recognised == true,
                "unmet": score.unmetCriteria.map { code -> String in
                    if code == "TOTAL" {
                        return views.strings.text("dti_unmet_total", language, ["min": views.points(r.recognition?.minimumTotal, language)])
                    }
                    let c = r.recognition?.criteria.first { $0.code == code }
                    return "\(code): " + ((english ? c?.nameEn : c?.name) ?? "")
                },
                "gaps": views.gaps(score, framework: r.framework, language),
                "history": try await dti.repository.events(roundId: r.id, unit: key).reversed().prefix(100).map {
                    views.event($0, language)
                },
                "declareAction": Routes.dtiDeclare.link(String(r.id), key), "reviewAction": Routes.dtiReview.link(String(r.id), key),
                "roundLink": Routes.dtiRound.link(String(r.id)), "rankingLink": Routes.dtiRanking.link(String(r.id)),
                "error": error as Any,
            ], context: context, status: status)
    }

    /// One sub-index's self-assessment from the unit's form, with an optional evidence file.
    @Sendable func declare(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await loadRound(context)
        let key = try context.parameter("unit")
        let form = try await MultipartForm.read(request, settings: settings)
        let f = form.fields
        do {
            guard let code = f["subIndex"], let s = r.framework.subIndex(code), s.source == .reported else {
                throw DomainError.invalid("subIndex", "dti.unknownSubIndex")
            }
            guard let value = try DTIViews.number(f["value"]) else { throw DomainError(.invalid, "dti.badValue", ["code": code]) }
            let denominator = try DTIViews.number(f["denominator"])
            var evidence = (f["keepEvidence"] ?? "").split(separator: ",").compactMap { Int64($0) }
            // Everything is checked before a file is stored, so a refused form leaves nothing behind.
            let declaration = DTIDeclaration(
                subIndex: code, value: value, denominator: s.unit == .ratio ? denominator : nil,
                comment: (f["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines), evidence: evidence)
            try declaration.validate(against: s)
            guard let own = try await dti.ownUnit(officer), own.group == r.group, own.key == key else {
                throw DomainError.forbidden("dti.unitForbidden")
            }
            guard r.acceptsDeclarations(today: today) else { throw DomainError.conflict("dti.declarationsClosed") }
            if let file = form.file("evidence") {
                _ = try uploads.check(file, allowed: [.pdf, .jpeg, .png])
                let stored = try await uploads.store(file, title: "DTI \(r.year) \(key) \(code)", citizenId: nil, now: now())
                try await dti.repository.addEvidence(
                    roundId: r.id, unit: key, subIndex: code, documentId: stored.id, actor: officer.username, at: now())
                evidence.append(stored.id)
            }
            var final = declaration
            final.evidence = evidence
            try await dti.declare(r, unit: key, [final], officer: officer, today: today, now: now())
            return .redirect(to: Routes.dtiUnit.link(String(r.id), key) + "#s-\(code)", type: .normal)
        } catch let error as DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await unit(r, key, context, error: pages.message(error, context), status: error.kind.status)
        }
    }

    /// The appraiser's decision on one sub-index.
    @Sendable func review(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let r = try await loadRound(context)
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
            try await dti.review(r, unit: key, subIndex: code, decision, officer: officer, now: now())
            return .redirect(to: Routes.dtiUnit.link(String(r.id), key) + "#s-\(code)", type: .normal)
        } catch let error as DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await unit(r, key, context, error: pages.message(error, context), status: error.kind.status)
        }
    }

    /// An evidence file, to the unit's officers and the appraisers; "not found" to anyone else.
    @Sendable func evidence(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        guard let id = Int64(try context.parameter("id")), let owner = try await dti.repository.evidenceOwner(documentId: id),
            let r = try await dti.repository.round(id: owner.roundId), let document = try await documents.document(id: id)
        else {
            throw DomainError.notFound("document.notFound")
        }
        do { try await dti.requireView(officer, round: r, unit: owner.unit) } catch { throw DomainError.notFound("document.notFound") }
        guard let bytes = try await blobs.get(document.sha256) else { throw DomainError.notFound("document.notFound") }
        let ascii = document.fileName.unicodeScalars.map { $0.isASCII && $0 != "\"" ? String($0) : "_" }.joined()
        return Response(
            status: .ok,
            headers: [
                .contentType: document.mediaType.rawValue,
                .contentDisposition: "attachment; filename=\"\(ascii)\"", .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    // MARK: Targets

    func targets(_ context: AppRequestContext, year: Int, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let officer = try context.requireOfficer()
        let language = context.language
        let appraiser = try await dti.isAppraiser(officer)
        let province = try await seesProvince(officer)
        let mine = try await dti.ownUnit(officer)
        guard appraiser || province || mine != nil else { throw DomainError.forbidden("dti.appraiserOnly") }
        // The province sees every target; a unit sees its own.
        let own = appraiser || province ? nil : mine
        var names: [String: String] = [:]
        for g in DTIGroup.allCases { names.merge(try await views.unitNames(g, language)) { a, _ in a } }
        let rows = try await dti.targets(year: year).filter { own == nil || ($0.target.group == own?.group && $0.target.unit == own?.key) }
            .map { t, state, score -> [String: Any] in
                [
                    "id": t.id, "unit": names[t.unit] ?? t.unit, "group": views.groupName(t.group, language),
                    "kind": views.strings.text(
                        "dti_target_\(t.kind.rawValue)", language, ["score": views.points(t.minimumScore, language)]),
                    "note": t.note, "status": views.strings.text("dti_target_status_\(state.rawValue)", language),
                    "statusCode": state.rawValue,
                    "score": views.points(score, language), "setBy": t.setBy,
                ]
            }
        let units = try await DTIGroup.allCases.asyncFlatMap { g in
            try await dti.units.units(g).map {
                ["value": "\(g.rawValue)|\($0.key)", "name": "\(views.groupName(g, language)): \(language == .en ? $0.nameEn : $0.name)"]
            }
        }
        return try pages.render(
            "dti-targets",
            [
                "year": year, "rows": rows, "none": rows.isEmpty, "canSet": appraiser, "units": units, "action": Routes.dtiTargets.link(),
                "kinds": DTITarget.Kind.allCases.map {
                    ["value": $0.rawValue, "name": views.strings.text("dti_target_kind_\($0.rawValue)", language)]
                },
                "previousYear": year - 1, "nextYear": year + 1, "error": error as Any,
            ], context: context, status: status)
    }

    @Sendable func saveTarget(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let officer = try context.requireOfficer()
        let f = try await FormData.read(request, limit: settings.maxBodyBytes)
        let year = (try? self.year(f["year"])) ?? today.year
        do {
            if let id = f["delete"].flatMap(Int64.init) {
                guard try await dti.isAppraiser(officer) else { throw DomainError.forbidden("dti.appraiserOnly") }
                guard try await dti.repository.deleteTarget(id: id) else { throw DomainError.notFound("dti.targetNotFound") }
                try await audit.record(
                    AuditEntry(
                        actor: officer.username, action: "dti.target.delete", target: "\(id)", detail: nil,
                        ip: context.clientAddress, at: Date()))
            } else {
                let choice = (f["unit"] ?? "").split(separator: "|", maxSplits: 1).map(String.init)
                guard choice.count == 2, let group = DTIGroup(rawValue: choice[0]) else {
                    throw DomainError.invalid("unit", "dti.unitNotFound")
                }
                guard let kind = f["kind"].flatMap(DTITarget.Kind.init(rawValue:)) else {
                    throw DomainError.invalid("kind", "dti.badTarget")
                }
                let target = try await dti.setTarget(
                    DTITarget(
                        year: try self.year(f["year"]), group: group, unit: choice[1], kind: kind,
                        minimumScore: kind == .minimumScore ? try DTIViews.number(f["minimumScore"]) : nil,
                        note: f["note"] ?? "", setBy: officer.username, setAt: now()), officer: officer)
                try await audit.record(
                    AuditEntry(
                        actor: officer.username, action: "dti.target.set", target: "\(target.id)",
                        detail: "\(target.year) \(target.unit) \(target.kind.rawValue)", ip: context.clientAddress, at: Date()))
            }
            return .redirect(to: Routes.dtiTargets.link() + "?year=\(year)", type: .normal)
        } catch let error as DomainError where error.kind != .forbidden {
            return try await targets(context, year: year, error: pages.message(error, context), status: error.kind.status)
        }
    }
}

extension Array {
    /// The elements' results in order, each awaited in turn.
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async throws -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
