import Domain
import Foundation
import HTTPTypes
import Persistence
import SQLKit
import TestSupport
import Testing

/// The digital-transformation assessment over HTTP on each database: a whole round from opening
/// to publication (self-assessment with evidence, every kind of review, deadline, frozen results,
/// ranking with ties and change against last year), access and bad input, automatic indicators
/// equal to the live data, targets.
@Suite("Digital-transformation assessment")
struct DTIRoundTests {
    static let environment = ["STATISTICS_POLL_SECONDS": "3600"]
    static let pdf = Array("%PDF-1.4\n% minh chung\ntrailer<<>>\n%%EOF\n".utf8)

    /// The sub-indices of the shipped framework of `group`, read through the export.
    static func subIndices(_ api: APIClient, _ token: String, _ group: String = "commune") async throws -> [[String: Any]] {
        let set = try await api.request(.get, "/api/v1/dti/frameworks", token: token).json
        let framework = (set["frameworks"] as? [[String: Any]] ?? []).first { $0["group"] as? String == group }
        return (framework?["nodes"] as? [[String: Any]] ?? []).flatMap { $0["children"] as? [[String: Any]] ?? [] }
    }

    /// The maximum of a sub-index of the shipped commune framework.
    static func maxPoints(_ api: APIClient, _ token: String, _ code: String) async throws -> Double {
        guard let s = try await subIndices(api, token).first(where: { $0["code"] as? String == code }) else {
            throw TestSetupError("no sub-index \(code)")
        }
        return s["maxPoints"] as? Double ?? -1
    }

    static func items(_ r: APIResponse) -> [[String: Any]] { r.json["items"] as? [[String: Any]] ?? [] }

    @Test("a round from opening to publication, then a second year ranked against the first", arguments: Backend.available)
    func wholeRound(_ backend: Backend) async throws {
        let clock = TestClock("2025-11-03T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: Self.environment) { api, testDB in
            let appraiser = try await api.login("chuyenvien.skhcn")
            let hacThanh = try await api.login("lanhdao.hacthanh")
            let quangPhu = try await api.login("lanhdao.quangphu")
            let open = ["year": 2025, "group": "commune", "deadline": "2025-12-15"] as [String: Any]
            #expect(try await api.request(.post, "/api/v1/dti/rounds", token: hacThanh, json: open).status == .forbidden)
            let opened = try await api.request(.post, "/api/v1/dti/rounds", token: appraiser, json: open)
            #expect(opened.status == .created && opened.json["framework"] as? String == "DTI-XA-2026")
            let id = opened.json["id"] as? Int ?? 0
            #expect(try await api.request(.post, "/api/v1/dti/rounds", token: appraiser, json: open).errorCode == "dti.roundExists")

            // Hạc Thành attaches evidence through the page form, then declares; Quảng Phú declares the same.
            let upload = try await BrowserSession(api).postMultipart(
                "/officer/chuyen-doi-so/dot/\(id)/don-vi/14797/tu-danh-gia",
                ["subIndex": "1.1", "value": "1", "comment": "Quyết định 12/QĐ-UBND"],
                files: [.init(field: "evidence", name: "quyet-dinh.pdf", bytes: Self.pdf)], token: hacThanh)
            #expect(upload.status == .seeOther || upload.status == .found)
            var unit = try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/14797", token: hacThanh).json
            let evidence =
                ((unit["entries"] as? [[String: Any]])?.first { $0["subIndex"] as? String == "1.1" }?["evidence"] as? [Int]) ?? []
            #expect(evidence.count == 1)
            let declarations: [[String: Any]] = [
                ["subIndex": "1.1", "value": 1, "comment": "Quyết định 12/QĐ-UBND", "evidence": evidence],
                ["subIndex": "1.2", "value": 1, "comment": "", "evidence": []],
            ]
            #expect(
                try await api.request(.put, "/api/v1/dti/rounds/\(id)/units/14797", token: hacThanh, json: ["entries": declarations]).status
                    == .ok)
            #expect(
                try await api.request(.put, "/api/v1/dti/rounds/\(id)/units/16522", token: hacThanh, json: ["entries": declarations]).status
                    == .forbidden)
            // Another unit's evidence cannot be claimed.
            let claimed = try await api.request(
                .put, "/api/v1/dti/rounds/\(id)/units/16522", token: quangPhu, json: ["entries": declarations])
            #expect(claimed.errorCode == "dti.unknownEvidence")
            let quangPhuFile = try await BrowserSession(api).postMultipart(
                "/officer/chuyen-doi-so/dot/\(id)/don-vi/16522/tu-danh-gia",
                ["subIndex": "1.1", "value": "1", "comment": "QĐ 7"], files: [.init(field: "evidence", name: "qd.pdf", bytes: Self.pdf)],
                token: quangPhu)
            #expect(quangPhuFile.status == .seeOther || quangPhuFile.status == .found)
            // The evidence is served to its unit and the appraiser only.
            let link = "/officer/chuyen-doi-so/minh-chung/\(evidence.first ?? 0)"
            #expect(try await api.request(.get, link, token: hacThanh).status == .ok)
            #expect(try await api.request(.get, link, token: appraiser).status == .ok)
            #expect(try await api.request(.get, link, token: quangPhu).status == .notFound)

            // Reviews: accept with evidence; accepting without the evidence the framework asks for is refused;
            // adjust and "more evidence" need a reason.
            func review(_ unit: String, _ body: [String: Any], token: String? = nil) async throws -> APIResponse {
                try await api.request(.post, "/api/v1/dti/rounds/\(id)/units/\(unit)/reviews", token: token ?? appraiser, json: body)
            }
            #expect(try await review("14797", ["subIndex": "1.1", "decision": "accept"], token: hacThanh).status == .forbidden)
            #expect(try await review("14797", ["subIndex": "1.1", "decision": "accept"]).status == .ok)
            #expect(try await review("14797", ["subIndex": "1.2", "decision": "accept"]).errorCode == "dti.evidenceMissing")
            #expect(try await review("14797", ["subIndex": "1.2", "decision": "adjust", "value": 0]).errorCode == "dti.reasonRequired")
            #expect(
                try await review("14797", ["subIndex": "1.2", "decision": "adjust", "value": 0, "reason": "Ban hành sau 31/3"]).status
                    == .ok)
            #expect(try await review("14797", ["subIndex": "1.3", "decision": "accept"]).errorCode == "dti.nothingDeclared")
            #expect(try await review("16522", ["subIndex": "1.1", "decision": "moreEvidence", "reason": "Thiếu phân công"]).status == .ok)
            // Quảng Phú adds what was asked (its evidence is kept) and is accepted: both communes tie.
            let qp = try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/16522", token: quangPhu).json
            let qpEvidence = ((qp["entries"] as? [[String: Any]])?.first?["evidence"] as? [Int]) ?? []
            #expect(
                try await api.request(
                    .put, "/api/v1/dti/rounds/\(id)/units/16522", token: quangPhu,
                    json: [
                        "entries": [
                            ["subIndex": "1.1", "value": 1, "comment": "QĐ 7 và phân công", "evidence": qpEvidence]
                        ]
                    ]
                ).status == .ok)
            #expect(try await review("16522", ["subIndex": "1.1", "decision": "accept"]).status == .ok)

            let max11 = try await Self.maxPoints(api, appraiser, "1.1")
            unit = try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/14797", token: hacThanh).json
            #expect(unit[path: "score.total"] as? Double == max11)
            #expect(unit[path: "score.declaredTotal"] as? Double ?? 0 > max11)  // 1.2 declared yes, appraised no
            let actions = (unit["history"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.filter { ["declare", "evidence", "accepted", "adjusted"].contains($0) }.count >= 5 && actions.first == "open")

            // After the deadline the units can no longer change anything; the appraiser still can.
            clock.set("2025-12-16T08:00:00+07:00")
            let late = try await api.request(.put, "/api/v1/dti/rounds/\(id)/units/14797", token: hacThanh, json: ["entries": declarations])
            #expect(late.status == .conflict && late.errorCode == "dti.declarationsClosed")

            #expect(try await api.request(.post, "/api/v1/dti/rounds/\(id)/publish", token: hacThanh).status == .forbidden)
            let published = try await api.request(.post, "/api/v1/dti/rounds/\(id)/publish", token: appraiser)
            #expect(published.status == .ok)
            let ranking = Self.items(try await api.request(.get, "/api/v1/dti/rounds/\(id)/ranking", token: quangPhu))
            let top = ranking.prefix(2).compactMap { $0["unit"] as? String }
            #expect(Set(top) == ["14797", "16522"] && ranking.prefix(2).allSatisfy { $0["rank"] as? Int == 1 })
            #expect(ranking.dropFirst(2).allSatisfy { $0["rank"] as? Int == 3 && $0["total"] as? Double == 0 })
            #expect(try await api.request(.post, "/api/v1/dti/rounds/\(id)/publish", token: appraiser).errorCode == "dti.roundPublished")
            #expect(try await review("14797", ["subIndex": "1.2", "decision": "accept"]).errorCode == "dti.roundPublished")
            let csv = try await api.request(.get, "/api/v1/dti/rounds/\(id)/ranking?format=csv", token: quangPhu)
            #expect(csv.text.hasPrefix("\u{FEFF}") && csv.text.split(separator: "\r\n").count == ranking.count + 1)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)

            // The history cannot be rewritten.
            let database = try testDB.open()
            await #expect(throws: (any Error).self) {
                try await database.transaction { db in try await db.raw("UPDATE dti_events SET actor = 'x'").run() }
            }
            await database.shutdown()

            // 2026: Hạc Thành keeps 1.1 and adds 1.2 with evidence; Quảng Phú does nothing.
            clock.set("2026-01-05T09:00:00+07:00")
            let second = try await api.request(
                .post, "/api/v1/dti/rounds", token: appraiser,
                json: ["year": 2026, "group": "commune", "deadline": "2026-03-31"])
            let id2 = second.json["id"] as? Int ?? 0
            for code in ["1.1", "1.2"] {
                let r = try await BrowserSession(api).postMultipart(
                    "/officer/chuyen-doi-so/dot/\(id2)/don-vi/14797/tu-danh-gia",
                    ["subIndex": code, "value": "1"], files: [.init(field: "evidence", name: "\(code).pdf", bytes: Self.pdf)],
                    token: hacThanh)
                #expect(r.status == .seeOther || r.status == .found)
                #expect(
                    try await api.request(
                        .post, "/api/v1/dti/rounds/\(id2)/units/14797/reviews", token: appraiser,
                        json: ["subIndex": code, "decision": "accept"]
                    ).status == .ok)
            }
            let provisional = try await api.request(.get, "/api/v1/dti/rounds/\(id2)/ranking", token: appraiser)
            #expect(provisional.json["provisional"] as? Bool == true)
            #expect(try await api.request(.get, "/api/v1/dti/rounds/\(id2)/ranking", token: quangPhu).status == .forbidden)
            _ = try await api.request(.post, "/api/v1/dti/rounds/\(id2)/publish", token: appraiser)
            let ranked2 = Self.items(try await api.request(.get, "/api/v1/dti/rounds/\(id2)/ranking", token: quangPhu))
            let h = ranked2.first { $0["unit"] as? String == "14797" } ?? [:]
            let q = ranked2.first { $0["unit"] as? String == "16522" } ?? [:]
            let max12 = try await Self.maxPoints(api, appraiser, "1.2")
            #expect(h["rank"] as? Int == 1 && h["previousRank"] as? Int == 1 && h["previousTotal"] as? Double == max11)
            #expect(h["total"] as? Double == max11 + max12)
            #expect(q["total"] as? Double == 0 && q["previousTotal"] as? Double == max11 && q["rank"] as? Int == 2)
        }
    }

    @Test("access, bad input and frameworks: 4xx in both languages, rounds keep their frozen framework", arguments: Backend.available)
    func accessAndInput(_ backend: Backend) async throws {
        let clock = TestClock("2026-02-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: Self.environment) { api, _ in
            let appraiser = try await api.login("chuyenvien.skhcn")
            let admin = try await api.login("quantri")
            let stp = try await api.login("chuyenvien.stp")
            let hacThanh = try await api.login("lanhdao.hacthanh")
            let desk = try await api.login("tiepnhan.hacthanh")
            #expect(try await api.request(.get, "/api/v1/dti/rounds").status == .unauthorized)
            for bad in [
                ["year": 2026, "group": "planet", "deadline": "2026-03-01"],
                ["year": 2026, "group": "department", "deadline": "2026-01-01"],
                ["year": 1900, "group": "department", "deadline": "2026-03-01"],
            ] as [[String: Any]] {
                let r = try await api.request(.post, "/api/v1/dti/rounds", token: appraiser, json: bad)
                #expect(r.status == .badRequest, "\(bad)")
                #expect(r.errorMessages.vi?.isEmpty == false && r.errorMessages.en?.isEmpty == false)
            }
            let id =
                try await api.request(
                    .post, "/api/v1/dti/rounds", token: appraiser,
                    json: ["year": 2026, "group": "department", "deadline": "2026-03-01"]
                ).json["id"] as? Int ?? 0
            let stpUnit = "000.00.09.H56"
            // A department's specialist assesses their department only; a desk officer has no unit.
            func put(_ token: String, _ unit: String, _ entries: [[String: Any]]) async throws -> APIResponse {
                try await api.request(.put, "/api/v1/dti/rounds/\(id)/units/\(unit)", token: token, json: ["entries": entries])
            }
            #expect(
                try await put(hacThanh, stpUnit, [["subIndex": "1.1", "value": 1, "comment": "", "evidence": []]]).status == .forbidden)
            #expect(try await put(desk, stpUnit, [["subIndex": "1.1", "value": 1, "comment": "", "evidence": []]]).status == .forbidden)
            #expect(try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/\(stpUnit)", token: hacThanh).status == .forbidden)
            for (entries, code) in [
                ([["subIndex": "1.1", "value": 2, "comment": "", "evidence": []]], "dti.badValue"),
                ([["subIndex": "9.9", "value": 1, "comment": "", "evidence": []]], "dti.unknownSubIndex"),
                ([["subIndex": "1.1", "value": 1, "comment": "", "evidence": [999]]], "dti.unknownEvidence"),
                ([], "dti.noDeclarations"),
            ] as [([[String: Any]], String)] {
                let r = try await put(stp, stpUnit, entries)
                #expect(r.status == .badRequest && r.errorCode == code, "\(code): \(r.status) \(r.text)")
            }
            let platformCode =
                try await Self.subIndices(api, stp, "department").first { $0["source"] as? String == "platform" }?["code"] as? String ?? ""
            #expect(
                try await put(stp, stpUnit, [["subIndex": platformCode, "value": 90, "comment": "", "evidence": []]]).errorCode
                    == "dti.platformValue")
            #expect(try await api.request(.put, "/api/v1/dti/rounds/\(id)/units/\(stpUnit)", token: stp, raw: "{").status == .badRequest)
            #expect(try await put(stp, stpUnit, [["subIndex": "1.1", "value": 1, "comment": "", "evidence": []]]).status == .ok)
            // Pages: a unit's officer sees their page, in both languages; others are refused.
            let page = try await api.request(.get, "/officer/chuyen-doi-so/dot/\(id)/don-vi/\(stpUnit)", token: stp)
            #expect(page.status == .ok && page.text.contains("dti-declare") && !page.text.contains("dti-review"))
            #expect(
                try await api.request(.get, "/officer/chuyen-doi-so/dot/\(id)/don-vi/\(stpUnit)?lang=en", token: stp).text.contains(
                    "Self-assessed"))
            let reviewPage = try await api.request(.get, "/officer/chuyen-doi-so/dot/\(id)/don-vi/\(stpUnit)", token: appraiser)
            #expect(reviewPage.text.contains("dti-review") && !reviewPage.text.contains("class=\"dti-declare"))
            // The round's overview is the appraiser's; a unit's officer is sent to their own page.
            let overview = try await api.request(.get, "/officer/chuyen-doi-so/dot/\(id)", token: stp)
            #expect(overview.status == .seeOther && overview.headers[.location]?.hasSuffix("/don-vi/\(stpUnit)") == true)
            #expect(try await api.request(.get, "/officer/chuyen-doi-so/dot/\(id)", token: desk).status == .forbidden)
            #expect(try await api.request(.get, "/officer/chuyen-doi-so/dot/\(id)", token: appraiser).text.contains(stpUnit))

            // Frameworks: export for any officer, import for administrators, checked; rounds keep theirs.
            let platform = try await api.request(.get, "/api/v1/dti/frameworks", token: stp).json
            var set = platform
            #expect(try await api.request(.put, "/api/v1/dti/frameworks", token: appraiser, json: set).status == .forbidden)
            var frameworks = set["frameworks"] as? [[String: Any]] ?? []
            var nodes = frameworks[0]["nodes"] as? [[String: Any]] ?? []
            nodes[0]["maxPoints"] = (nodes[0]["maxPoints"] as? Double ?? 0) + 1
            frameworks[0]["nodes"] = nodes
            set["frameworks"] = frameworks
            let badImport = try await api.request(.put, "/api/v1/dti/frameworks", token: admin, json: set)
            #expect(badImport.status == .badRequest && badImport.errorCode == "dti.pillarSum")
            var newer = platform
            var list = newer["frameworks"] as? [[String: Any]] ?? []
            list[0]["version"] = 2
            newer["frameworks"] = list
            #expect(try await api.request(.put, "/api/v1/dti/frameworks", token: admin, json: newer).status == .ok)
            let round = try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/\(stpUnit)", token: stp).json
            #expect(round[path: "round.frameworkVersion"] as? Int == 1)

            // Targets: appraisers set them; recognition is for communes; a leader of the province sees them.
            #expect(
                try await api.request(
                    .post, "/api/v1/dti/targets", token: stp,
                    json: ["year": 2026, "group": "commune", "unit": "14797", "kind": "recognised"]
                ).status == .forbidden)
            #expect(
                try await api.request(
                    .post, "/api/v1/dti/targets", token: appraiser,
                    json: ["year": 2026, "group": "department", "unit": stpUnit, "kind": "recognised"]
                ).status == .badRequest)
            #expect(
                try await api.request(
                    .post, "/api/v1/dti/targets", token: appraiser,
                    json: ["year": 2026, "group": "commune", "unit": "99999", "kind": "recognised"]
                ).errorCode == "dti.unitNotFound")
            #expect(
                try await api.request(
                    .post, "/api/v1/dti/targets", token: appraiser,
                    json: ["year": 2026, "group": "department", "unit": stpUnit, "kind": "minimumScore", "minimumScore": 20]
                ).status == .created)
            #expect(
                try await api.request(
                    .post, "/api/v1/dti/targets", token: appraiser,
                    json: ["year": 2026, "group": "commune", "unit": "14797", "kind": "recognised"]
                ).status == .created)
            let targets = Self.items(try await api.request(.get, "/api/v1/dti/targets?year=2026", token: admin))
            let byUnit = Dictionary(
                uniqueKeysWithValues: targets.map {
                    (($0["target"] as? [String: Any])?["unit"] as? String ?? "", $0["status"] as? String ?? "")
                })
            // STP has declared 1.1 but nothing is appraised yet: behind; no commune round: pending.
            #expect(byUnit == [stpUnit: "behind", "14797": "pending"])
            let dashboard = try await api.request(.get, "/officer/dieu-hanh?period=2026-02", token: admin)
            #expect(dashboard.text.contains("ops-dti-targets") && dashboard.text.contains("target-behind"))
        }
    }

    @Test("automatic indicators equal the live data of the unit", arguments: Backend.available)
    func automaticIndicators(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: Self.environment) { api, testDB in
            // The operations centre's dossiers: three at Hạc Thành (one returned, two pending), one at Quảng Phú.
            _ = try await OperationsAPITests.seed(api, clock)
            let leader = try await api.login("lanhdao.hacthanh")
            let database = try testDB.open()
            try await StatisticsProjector(database: database).runBesideTheApp(now: clock.now)

            let appraiser = try await api.login("chuyenvien.skhcn")
            let id =
                try await api.request(
                    .post, "/api/v1/dti/rounds", token: appraiser,
                    json: ["year": 2026, "group": "commune", "deadline": "2026-12-31"]
                ).json["id"] as? Int ?? 0
            let unit = try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/14797", token: leader).json
            var indicatorOf: [String: String] = [:]
            for s in try await Self.subIndices(api, leader) where s["source"] as? String == "platform" {
                indicatorOf[s["code"] as? String ?? ""] = s["indicator"] as? String
            }
            let scored = Dictionary(
                uniqueKeysWithValues: (unit[path: "score.subIndices"] as? [[String: Any]] ?? []).map {
                    ($0["code"] as? String ?? "", $0)
                })

            // The same figures recomputed from the raw rows of the commune's desks in 2026.
            let communeDesks: SQLQueryString = "SELECT id FROM agencies WHERE unit_code = '14797'"
            let raw = try await RawRates.read(
                database, dossiers: "receiving_agency_id IN (\(communeDesks))",
                officers: "o.agency_id IN (\(communeDesks))")
            await database.shutdown()
            #expect(raw.received == 3 && raw.decided == 1 && raw.officers >= 3 && raw.active >= 3)
            let expected = raw.byIndicator
            var checked = 0
            for (code, indicator) in indicatorOf {
                guard let (numerator, denominator) = expected[indicator] else { continue }
                let s = scored[code] ?? [:]
                #expect(s["denominator"] as? Double == Double(denominator), "\(code) \(indicator)")
                let value = s["value"] as? Double ?? -1
                #expect(abs(value - Double(numerator) * 100 / Double(denominator)) < 0.01, "\(code) \(indicator): \(value)")
                checked += 1
            }
            #expect(checked >= 3)
        }
    }

    @Test(
        "the province's own self-assessment: declared by the provincial People's Committee, indicators equal to the province's live data",
        arguments: Backend.available)
    func provinceRound(_ backend: Backend) async throws {
        let clock = TestClock("2026-11-02T09:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: Self.environment) { api, testDB in
            _ = try await OperationsAPITests.seed(api, clock)
            let database = try testDB.open()
            try await StatisticsProjector(database: database).runBesideTheApp(now: clock.now)
            let appraiser = try await api.login("chuyenvien.skhcn")
            let province = try await api.login("chuyenvien.ubnd")
            let ward = try await api.login("lanhdao.hacthanh")
            let opened = try await api.request(
                .post, "/api/v1/dti/rounds", token: appraiser,
                json: ["year": 2026, "group": "province", "deadline": "2026-12-31"])
            #expect(opened.status == .created && opened.json["framework"] as? String == "DTI-TINH-2026")
            let id = opened.json["id"] as? Int ?? 0
            let reported = try await Self.subIndices(api, province, "province").first {
                $0["unit"] as? String == "yesNo" && $0["source"] as? String == "reported"
            }
            let code = reported?["code"] as? String ?? ""
            let entry: [String: Any] = [
                "entries": [["subIndex": code, "value": 1, "comment": "Quyết định của Chủ tịch UBND tỉnh", "evidence": []]]
            ]
            #expect(try await api.request(.put, "/api/v1/dti/rounds/\(id)/units/38", token: ward, json: entry).status == .forbidden)
            #expect(try await api.request(.put, "/api/v1/dti/rounds/\(id)/units/38", token: province, json: entry).status == .ok)
            #expect(try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/14797", token: province).status == .forbidden)

            // Every platform indicator of the province equals the raw rows of the whole province in 2026.
            let unit = try await api.request(.get, "/api/v1/dti/rounds/\(id)/units/38", token: province).json
            let scored = Dictionary(
                uniqueKeysWithValues: (unit[path: "score.subIndices"] as? [[String: Any]] ?? []).map {
                    ($0["code"] as? String ?? "", $0)
                })
            let raw = try await RawRates.read(database, dossiers: "1 = 1", officers: "1 = 1")
            await database.shutdown()
            #expect(raw.received == 4 && raw.decided >= 1 && raw.officers > raw.active && raw.active >= 3)
            let expected = raw.byIndicator
            var checked = 0
            for s in try await Self.subIndices(api, province, "province") where s["source"] as? String == "platform" {
                guard let (numerator, denominator) = expected[s["indicator"] as? String ?? ""] else { continue }
                let got = scored[s["code"] as? String ?? ""] ?? [:]
                #expect(got["denominator"] as? Double == Double(denominator), "\(s["code"] ?? "") denominator")
                #expect(
                    abs((got["value"] as? Double ?? -1) - Double(numerator) * 100 / Double(denominator)) < 0.01, "\(s["code"] ?? "") value")
                checked += 1
            }
            #expect(checked == 3)

            // Published, the province is ranked alone, its target tracked on the province dashboard.
            let target = ["year": 2026, "group": "province", "unit": "38", "kind": "minimumScore", "minimumScore": 800] as [String: Any]
            #expect(try await api.request(.post, "/api/v1/dti/targets", token: appraiser, json: target).status == .created)
            #expect(try await api.request(.post, "/api/v1/dti/rounds/\(id)/publish", token: appraiser).status == .ok)
            let ranking = Self.items(try await api.request(.get, "/api/v1/dti/rounds/\(id)/ranking", token: appraiser))
            #expect(ranking.count == 1 && ranking.first?["unit"] as? String == "38" && ranking.first?["rank"] as? Int == 1)
            #expect(
                try await api.request(.get, "/officer/chuyen-doi-so/dot/\(id)/xep-hang", token: appraiser).text.contains("Tỉnh Thanh Hóa"))
            let targets = Self.items(try await api.request(.get, "/api/v1/dti/targets?year=2026", token: appraiser))
            #expect(targets.map { $0["status"] as? String } == ["notMet"])
            let dashboard = try await api.request(.get, "/officer/dieu-hanh?period=2026-10", token: try await api.login("quantri"))
            #expect(dashboard.text.contains("ops-dti-targets") && dashboard.text.contains("Tỉnh Thanh Hóa"))
        }
    }
}

/// The figures behind three platform indicators in 2026, counted straight from the dossier, event and
/// officer rows that match the given conditions.
struct RawRates {
    var received = 0, online = 0, decided = 0, onTime = 0, active = 0, officers = 0

    /// (numerator, denominator) of each indicator these figures make.
    var byIndicator: [String: (Int, Int)] {
        ["onlineSubmissionRate": (online, received), "onTimeRate": (onTime, decided), "activeOfficerShare": (active, officers)]
    }

    static func read(_ database: Database, dossiers: SQLQueryString, officers: SQLQueryString) async throws -> RawRates {
        try await database.read { db in
            let from = Int64(TestClock.instant("2026-01-01T00:00:00+07:00").timeIntervalSince1970 * 1000)
            let d = try await db.raw(
                """
                SELECT COUNT(*) AS n, SUM(CASE WHEN channel = 'online' THEN 1 ELSE 0 END) AS online,
                    SUM(CASE WHEN timeliness IS NOT NULL THEN 1 ELSE 0 END) AS decided,
                    SUM(CASE WHEN timeliness IN ('early', 'onTime') THEN 1 ELSE 0 END) AS good
                FROM dossiers WHERE received_at >= \(bind: from) AND \(dossiers)
                """
            ).first()!
            let o = try await db.raw(
                """
                SELECT COUNT(*) AS n, SUM(CASE WHEN EXISTS (SELECT 1 FROM dossier_events e WHERE e.actor_id = o.id AND e.occurred_at >= \(bind: from))
                    THEN 1 ELSE 0 END) AS active FROM officers o WHERE o.active AND \(officers)
                """
            ).first()!
            return RawRates(
                received: try d.decode(column: "n", as: Int.self), online: try d.decode(column: "online", as: Int?.self) ?? 0,
                decided: try d.decode(column: "decided", as: Int?.self) ?? 0, onTime: try d.decode(column: "good", as: Int?.self) ?? 0,
                active: try o.decode(column: "active", as: Int?.self) ?? 0, officers: try o.decode(column: "n", as: Int.self))
        }
    }
}
