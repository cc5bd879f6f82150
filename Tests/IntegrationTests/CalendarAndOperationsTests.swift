import Foundation
import TestSupport
import Testing

/// The calendar API, health and metrics.
@Suite("Calendar and operations")
struct CalendarAndOperationsTests {
    @Test("due dates on the default calendar, across Tết and the cut-off; edited by administrators only", arguments: Backend.available)
    func dueDates(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            func due(_ from: String, _ days: Int) async throws -> APIResponse {
                let encoded = from.replacingOccurrences(of: "+", with: "%2B")
                return try await api.request(.get, "/api/v1/calendar/due-date?from=\(encoded)&workingDays=\(days)")
            }
            #expect(try await due("2026-02-12T10:00:00+07:00", 5).json["dueDate"] as? String == "2026-02-26")
            #expect(try await due("2026-02-13T15:00:00+07:00", 1).json["dueDate"] as? String == "2026-02-24")
            #expect(try await due("2026-02-13T14:59:00+07:00", 1).json["dueDate"] as? String == "2026-02-23")
            #expect(try await due("2026-02-13T07:59:00Z", 1).json["dueDate"] as? String == "2026-02-23")  // 14:59 in UTC+7
            #expect(try await due("2026-04-24T09:00:00+07:00", 1).json["dueDate"] as? String == "2026-04-28")
            #expect(try await due("yesterday", 1).status == .badRequest)
            #expect(try await due("2026-02-12T10:00:00+07:00", -1).status == .badRequest)
            #expect(try await api.request(.get, "/api/v1/calendar/due-date?workingDays=2").status == .badRequest)

            let admin = try await api.login("quantri")
            let desk = try await api.login("tiepnhan.hacthanh")
            let day = ["kind": "holiday", "name": "Ngày nghỉ đột xuất", "nameEn": "Extraordinary day off"]
            #expect(try await api.request(.put, "/api/v1/calendars/VN-CQNN/days/2026-11-25", token: desk, json: day).status == .forbidden)
            #expect(try await due("2026-11-24T09:00:00+07:00", 1).json["dueDate"] as? String == "2026-11-25")
            #expect(try await api.request(.put, "/api/v1/calendars/VN-CQNN/days/2026-11-25", token: admin, json: day).status == .ok)
            #expect(try await due("2026-11-24T09:00:00+07:00", 1).json["dueDate"] as? String == "2026-11-26")
            #expect(try await api.request(.delete, "/api/v1/calendars/VN-CQNN/days/2026-11-25", token: admin).status == .noContent)
            #expect(try await due("2026-11-24T09:00:00+07:00", 1).json["dueDate"] as? String == "2026-11-25")
            let days = try await api.request(.get, "/api/v1/calendars/VN-CQNN/days?year=2026")
            #expect(
                (days.json["items"] as? [[String: Any]] ?? []).contains {
                    $0["date"] as? String == "2026-04-27" && $0["kind"] as? String == "compensatory"
                })
        }
    }

    @Test("health checks the database; metrics count requests and dossiers by state", arguments: Backend.available)
    func operations(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let health = try await api.request(.get, "/healthz")
            #expect(health.status == .ok && health.json["status"] as? String == "ok")
            let desk = try await api.login("tiepnhan.hacthanh")
            _ = try await api.receive(desk)
            let metrics = try await api.request(.get, "/metrics")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("motcua_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"))
            #expect(metrics.text.contains("motcua_http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains("motcua_dossiers{state=\"received\"} 1"))
            #expect(metrics.text.contains("motcua_outbox_messages{status=\"pending\"}"))
            #expect(metrics.text.contains("motcua_outbox_messages{status=\"failed\"} 0"))
            let openapi = try await api.request(.get, "/openapi.json")
            #expect(openapi.status == .ok && (openapi.json["openapi"] as? String)?.hasPrefix("3.") == true)
        }
    }
}

/// Workflows and calendars are data an administrator changes through the API.
@Suite("Rules as data")
struct RulesAsDataTests {
    @Test("an administrator edits the workflow; states in use cannot disappear", arguments: Backend.available)
    func workflow(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let admin = try await api.login("quantri")
            let desk = try await api.login("tiepnhan.hacthanh")
            let current = try await api.request(.get, "/api/v1/workflows/ONE_STOP_DEFAULT", token: desk)
            #expect(current.status == .ok)
            var workflow = current.json
            // The desk may no longer ask for a supplement at reception: the transition goes, so the action disappears.
            workflow["transitions"] = (workflow["transitions"] as? [[String: Any]] ?? []).filter {
                $0["action"] as? String != "requestSupplementAtReception"
            }
            #expect(try await api.request(.put, "/api/v1/workflows/ONE_STOP_DEFAULT", token: desk, json: workflow).status == .forbidden)
            let saved = try await api.request(.put, "/api/v1/workflows/ONE_STOP_DEFAULT", token: admin, json: workflow)
            #expect(saved.status == .ok, "\(saved.text)")
            let (code, v) = try await api.receive(desk)
            let supplement = try await api.act(desk, code, "requestSupplementAtReception", version: v)
            #expect(supplement.status == .badRequest && supplement.errorCode == "transition.unknownAction")
            // A dossier now sits in "received": a workflow without that state is refused.
            var broken = workflow
            broken["states"] = (workflow["states"] as? [[String: Any]] ?? []).filter { $0["code"] as? String != "received" }
            broken["transitions"] = (workflow["transitions"] as? [[String: Any]] ?? []).map { t -> [String: Any] in
                var t = t
                t["from"] = (t["from"] as? [String] ?? []).filter { $0 != "received" }
                return t
            }.filter { !(($0["from"] as? [String]) ?? []).isEmpty && $0["to"] as? String != "received" }
            broken["counterState"] = "awaitingAssignment"
            let refused = try await api.request(.put, "/api/v1/workflows/ONE_STOP_DEFAULT", token: admin, json: broken)
            #expect(refused.status == .conflict && refused.errorCode == "workflow.stateInUse", "\(refused.text)")
            var inconsistent = workflow
            inconsistent["counterState"] = "nowhere"
            #expect(
                try await api.request(.put, "/api/v1/workflows/ONE_STOP_DEFAULT", token: admin, json: inconsistent).status == .badRequest)
        }
    }

    @Test("the days the law fixes for a new year are computed from the lunar calendar; Tết is not guessed", arguments: [Backend.sqlite])
    func statutoryDays(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let days = try await api.request(.get, "/api/v1/calendar/statutory-days?year=2028")
            let items = days.json["items"] as? [[String: Any]] ?? []
            // Hùng Kings' day 4 April 2028 (lunar 3/10 at UTC+7); Tết Mậu Thân (26 January 2028) waits for the decision.
            #expect(items.contains { $0["date"] as? String == "2028-04-04" })
            #expect(!items.contains { $0["date"] as? String == "2028-01-26" })
            #expect(try await api.request(.get, "/api/v1/calendar/statutory-days?year=abc").status == .badRequest)
        }
    }
}
