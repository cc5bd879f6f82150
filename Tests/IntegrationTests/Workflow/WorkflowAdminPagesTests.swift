import Foundation
import TestSupport
import Testing

/// The administrators' workflow pages: the list, the state diagram (SVG and table), and editing through the same
/// service as the API (validated, refused while a removed state holds dossiers, audited).
@Suite("Workflow administration pages")
struct WorkflowAdminPagesTests {
    static let list = "/officer/quan-tri/quy-trinh"
    static let page = "/officer/quan-tri/quy-trinh/ONE_STOP_DEFAULT"

    /// The editing form's fields for the workflow `json` as the API gives it (what the page shows, unchanged).
    static func fields(_ json: [String: Any]) -> [String: String] {
        var fields: [String: String] = [:]
        for (i, s) in (json["states"] as? [[String: Any]] ?? []).enumerated() {
            let p = "s\(i)_"
            fields[p + "code"] = s["code"] as? String
            fields[p + "name"] = s["name"] as? String
            fields[p + "nameEn"] = s["nameEn"] as? String
            fields[p + "national"] = (s["nationalStatus"] as? Int).map(String.init)
            fields[p + "percent"] = (s["budgetPercent"] as? Int).map(String.init)
            fields[p + "days"] = (s["budgetDays"] as? Int).map(String.init)
            if s["clockStopped"] as? Bool == true { fields[p + "clock"] = "on" }
            fields[p + "outcome"] = s["outcome"] as? String ?? ""
        }
        for (j, t) in (json["transitions"] as? [[String: Any]] ?? []).enumerated() {
            let p = "t\(j)_"
            fields[p + "action"] = t["action"] as? String
            fields[p + "name"] = t["name"] as? String
            fields[p + "nameEn"] = t["nameEn"] as? String
            fields[p + "from"] = (t["from"] as? [String] ?? []).joined(separator: ", ")
            fields[p + "to"] = t["to"] as? String
            fields[p + "role"] = t["role"] as? String
            fields[p + "scope"] = t["scope"] as? String
            fields[p + "effect"] = t["effect"] as? String ?? "none"
            if t["requiresNote"] as? Bool == true { fields[p + "note"] = "on" }
            if t["queues"] as? Bool ?? true { fields[p + "queues"] = "on" }
        }
        return fields
    }

    /// The index of the state or transition `code` in the workflow `json`.
    static func index(_ json: [String: Any], _ list: String, _ key: String, _ code: String) throws -> Int {
        try #require((json[list] as? [[String: Any]] ?? []).firstIndex { $0[key] as? String == code })
    }

    /// The `<svg>…</svg>` of a page.
    static func svg(_ html: String) throws -> String {
        let start = try #require(html.range(of: "<svg"))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test(
        "only administrators see the list; the diagram is an SVG image with a title, in a labelled region, plus a table",
        arguments: Backend.available)
    func diagram(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await OfficerAdminPagesTests.officer(api, "tiepnhan.hacthanh")
            #expect(try await desk.get(Self.list).status == .forbidden)
            #expect(try await desk.get(Self.page).status == .forbidden)
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            let list = try await admin.get(Self.list)
            #expect(list.status == .ok && list.text.contains("href=\"\(Self.page)\"") && list.text.contains("id=\"nav-admin-workflows\""))
            #expect(try await admin.get(Self.list + "/NO_SUCH").status == .notFound)
            let page = try await admin.get(Self.page)
            #expect(page.status == .ok)
            let svg = try Self.svg(page.text)
            #expect(svg.contains("role=\"img\"") && svg.contains("<title id=\"wf-title\">Sơ đồ trạng thái của quy trình"))
            #expect(page.text.contains("role=\"region\" tabindex=\"0\" aria-label=\"Sơ đồ trạng thái\""))
            // Every state is a box, and the table lists the 19 moves.
            #expect(svg.components(separatedBy: "class=\"wf-state\"").count - 1 == 12)
            // A move from many states is one short arrow saying how many (withdrawing: 7 states, stopping: 5).
            #expect(svg.components(separatedBy: "marker-end=").count - 1 >= 15)
            #expect(svg.contains(">từ 7 trạng thái</text>") && svg.contains(">từ 5 trạng thái</text>"))
            #expect(svg.contains(">Chuyển cơ quan, cấp khác…</text>"), "the move back to an earlier state is labelled on its arc")
            let table = try #require(
                page.text.components(separatedBy: "id=\"workflow-moves\"").last?.components(separatedBy: "</table>").first)
            #expect(table.components(separatedBy: "<th scope=\"row\">").count - 1 == 19)
            #expect(table.contains("<th scope=\"row\">Tiếp nhận hồ sơ</th>") || table.contains("<th scope=\"row\">"))
            // Laid out left to right: the online state first, the final states in the last column, no two boxes on one spot.
            let boxes = Self.boxes(svg)
            #expect(boxes.count == 12)
            #expect(Set(boxes.values.map { "\($0.x),\($0.y)" }).count == 12)
            let submitted = try #require(boxes["submitted"])
            let returned = try #require(boxes["returned"])
            #expect(boxes.values.allSatisfy { $0.x >= submitted.x })
            #expect(["refused", "withdrawn", "stopped"].allSatisfy { boxes[$0]?.x == returned.x })
            #expect(boxes.values.allSatisfy { $0.x <= returned.x })
            PageSnapshot.check(svg, "workflow-diagram", lang: "vi")
            let english = try await admin.get(Self.page + "?lang=en")
            #expect(english.text.contains("State diagram of the workflow") && english.text.contains(">Submitted online, awaiting"))
            PageSnapshot.check(try Self.svg(english.text), "workflow-diagram", lang: "en")
        }
    }

    /// The top-left corner of each state's box in `svg`, by state code.
    static func boxes(_ svg: String) -> [String: (x: Int, y: Int)] {
        var found: [String: (x: Int, y: Int)] = [:]
        for part in svg.components(separatedBy: "data-state=\"").dropFirst() {
            let code = String(part.prefix { $0 != "\"" })
            guard let rect = part.range(of: "<rect x=\"") else { continue }
            let rest = part[rect.upperBound...]
            let x = Int(rest.prefix { $0 != "\"" }) ?? -1
            let y = rest.range(of: "y=\"").map { Int(rest[$0.upperBound...].prefix { $0 != "\"" }) ?? -1 } ?? -1
            found[code] = (x, y)
        }
        return found
    }

    @Test(
        "an edit is saved and audited; removing a state in use is refused with 409 naming the dossiers, in both languages",
        arguments: Backend.available)
    func edit(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let token = try await api.login("quantri")
            let json = try await api.request(.get, "/api/v1/workflows/ONE_STOP_DEFAULT", token: token).json
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            #expect(try await admin.get(Self.page).status == .ok)
            let processing = try Self.index(json, "states", "code", "processing")
            var fields = Self.fields(json)
            fields["s\(processing)_name"] = "Đang thẩm định hồ sơ"
            fields["s\(processing)_percent"] = "45"
            let saved = try await admin.post(Self.page, fields)
            #expect(saved.status == .seeOther, "\(saved.text.prefix(600))")
            #expect(try await Accounts.audited(db, "workflow.replace") == 1)
            let done = try await admin.get(Self.page + "?done=saved")
            #expect(done.text.contains("id=\"workflow-done\"") && done.text.contains(">Đang thẩm định hồ sơ</text>"))
            let stored = try await api.request(.get, "/api/v1/workflows/ONE_STOP_DEFAULT", token: token).json
            let state = (stored["states"] as? [[String: Any]])?.first { $0["code"] as? String == "processing" }
            #expect(state?["name"] as? String == "Đang thẩm định hồ sơ" && state?["budgetPercent"] as? Int == 45)

            // A dossier received at the counter sits in "received": that state cannot go.
            let desk = try await api.login("tiepnhan.hacthanh")
            _ = try await api.receive(desk)
            var inUse = Self.fields(stored)
            inUse["s\(try Self.index(stored, "states", "code", "received"))_remove"] = "on"
            inUse["s\(processing)_name"] = "Tên đang sửa"
            let refused = try await admin.post(Self.page, inUse)
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("id=\"workflow-error\"") && refused.text.contains("đang có 1 hồ sơ: received"))
            #expect(refused.text.contains("value=\"Tên đang sửa\""), "the form is shown again with the administrator's edits")
            let english = try await admin.post(Self.page + "?lang=en", inUse)
            #expect(english.status == .conflict && english.text.contains("1 dossier(s) are in received"))

            // A move removed so that states can no longer be reached, or no final state: 400, nothing saved.
            var unreachable = Self.fields(stored)
            unreachable["t\(try Self.index(stored, "transitions", "action", "approve"))_remove"] = "on"
            let noWay = try await admin.post(Self.page + "?lang=vi", unreachable)
            #expect(noWay.status == .badRequest && noWay.text.contains("Không có bước chuyển nào dẫn đến các trạng thái: readyToReturn"))
            var noFinal = Self.fields(stored)
            for (i, s) in (stored["states"] as? [[String: Any]] ?? []).enumerated() where s["outcome"] != nil {
                noFinal["s\(i)_outcome"] = ""
            }
            let endless = try await admin.post(Self.page + "?lang=en", noFinal)
            #expect(endless.status == .badRequest && endless.text.contains("The workflow needs at least one final state."))
            var badNumber = Self.fields(stored)
            badNumber["s\(processing)_percent"] = "nửa"
            #expect(try await admin.post(Self.page, badNumber).status == .badRequest)
            #expect(try await Accounts.audited(db, "workflow.replace") == 1)

            // A state no dossier is in goes with the moves into and out of it; a new state and move are added.
            var changed = Self.fields(stored)
            changed["s\(try Self.index(stored, "states", "code", "awaitingPayment"))_remove"] = "on"
            let states = (stored["states"] as? [[String: Any]] ?? []).count
            let moves = (stored["transitions"] as? [[String: Any]] ?? []).count
            changed["s\(states)_code"] = "legalReview"
            changed["s\(states)_name"] = "Chờ ý kiến pháp chế"
            changed["s\(states)_nameEn"] = "Awaiting legal review"
            changed["s\(states)_national"] = "4"
            changed["s\(states)_days"] = "2"
            changed["t\(moves)_action"] = "askLegal"
            changed["t\(moves)_name"] = "Xin ý kiến pháp chế"
            changed["t\(moves)_nameEn"] = "Ask for legal review"
            changed["t\(moves)_from"] = "processing"
            changed["t\(moves)_to"] = "legalReview"
            changed["t\(moves)_role"] = "specialist"
            changed["t\(moves)_scope"] = "handlingAgency"
            changed["t\(moves)_effect"] = "none"
            let added = try await admin.post(Self.page, changed)
            #expect(added.status == .seeOther, "\(added.text.prefix(800))")
            let after = try await api.request(.get, "/api/v1/workflows/ONE_STOP_DEFAULT", token: token).json
            let codes = (after["states"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            let actions = (after["transitions"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(codes.contains("legalReview") && !codes.contains("awaitingPayment"))
            #expect(actions.contains("askLegal") && !actions.contains("requestPayment") && !actions.contains("confirmPayment"))
            #expect(try await Accounts.audited(db, "workflow.replace") == 2)
            #expect((try await admin.get(Self.page)).text.contains("data-state=\"legalReview\""))
        }
    }

    @Test("the API refuses a workflow with a state no move leads to", arguments: Backend.available)
    func unreachableByAPI(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let admin = try await api.login("quantri")
            var workflow = try await api.request(.get, "/api/v1/workflows/ONE_STOP_DEFAULT", token: admin).json
            workflow["transitions"] = (workflow["transitions"] as? [[String: Any]] ?? []).filter { $0["action"] as? String != "forward" }
            let refused = try await api.request(.put, "/api/v1/workflows/ONE_STOP_DEFAULT", token: admin, json: workflow)
            #expect(refused.status == .badRequest && refused.errorCode == "workflow.unreachable", "\(refused.text)")
        }
    }
}
