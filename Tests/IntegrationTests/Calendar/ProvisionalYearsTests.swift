import Foundation
import SQLKit
import TestSupport
import Testing

/// Calendar years not yet settled by the yearly decision on Tết and the day next to National Day (issue 18, item 8): they hold
/// only what the Labour Code fixes, due dates in them say so, and an administrator confirms them from the decision.
@Suite("Provisional calendar years")
struct ProvisionalYearsTests {
    private static func due(_ api: APIClient, _ from: String, _ days: Int) async throws -> [String: Any] {
        let encoded = from.replacingOccurrences(of: "+", with: "%2B")
        return try await api.request(.get, "/api/v1/calendar/due-date?from=\(encoded)&workingDays=\(days)").json
    }

    @Test("2027 is provisional: no guessed Tết days, due dates across it say so", arguments: Backend.available)
    func provisional(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let years = try await api.request(.get, "/api/v1/calendars/VN-CQNN/years").json["items"] as? [[String: Any]] ?? []
            let status = Dictionary(uniqueKeysWithValues: years.map { ($0["year"] as? Int ?? 0, $0["status"] as? String ?? "") })
            #expect(status == [2025: "confirmed", 2026: "confirmed", 2027: "provisional"])
            #expect((years.first { $0["year"] as? Int == 2026 }?["citation"] as? String)?.contains("12729/VPCP-KGVX") == true)

            let days = try await api.request(.get, "/api/v1/calendars/VN-CQNN/days?year=2027").json["items"] as? [[String: Any]] ?? []
            // Only what Art. 112(1) fixes, and Art. 111(3)'s compensatory day for 1 May (a Saturday).
            #expect(
                days.compactMap { $0["date"] as? String } == [
                    "2027-01-01", "2027-04-16", "2027-04-30", "2027-05-01", "2027-05-03", "2027-09-02",
                ])

            // Thursday 4 February 2027, 3 working days: counted on what is certain (no Tết yet), and flagged.
            let acrossTet = try await Self.due(api, "2027-02-04T09:00:00+07:00", 3)
            #expect(acrossTet["dueDate"] as? String == "2027-02-09")
            #expect(acrossTet["provisional"] as? Bool == true)
            #expect(acrossTet["provisionalYears"] as? [Int] == [2027])
            // From late 2026 into 2027: the later year makes it provisional.
            let acrossYears = try await Self.due(api, "2026-12-28T09:00:00+07:00", 5)
            #expect(acrossYears["dueDate"] as? String == "2027-01-05")
            #expect(acrossYears["provisionalYears"] as? [Int] == [2027])
            // Inside confirmed 2026: not provisional.
            let confirmed = try await Self.due(api, "2026-02-12T10:00:00+07:00", 5)
            #expect(confirmed["dueDate"] as? String == "2026-02-26")
            #expect(confirmed["provisional"] as? Bool == false)
        }
    }

    @Test("an administrator confirms a year from the decision, audited; bad input is 400 in both languages", arguments: Backend.available)
    func confirm(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let admin = try await api.login("quantri")
            let desk = try await api.login("tiepnhan.hacthanh")
            let path = "/api/v1/calendars/VN-CQNN/years/2027"
            let decision: [String: Any] = [
                "citation": "Quyết định thử nghiệm số 1/TEST ngày 01/11/2026",
                "tet": ["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"],
                "nationalDayAdjacent": "2027-09-03",
                "otherDays": [
                    [
                        "date": "2027-02-11", "kind": "swapDayOff", "name": "Nghỉ hoán đổi (làm bù thứ Bảy 20/02/2027)",
                        "nameEn": "Swapped day off (worked on Saturday 20 February 2027)",
                    ],
                    [
                        "date": "2027-02-20", "kind": "swapWorkingDay", "name": "Làm bù cho thứ Năm 11/02/2027",
                        "nameEn": "Make-up working day for Thursday 11 February 2027",
                    ],
                ],
            ]
            #expect(try await api.request(.put, path, token: desk, json: decision).status == .forbidden)
            #expect(try await api.request(.put, path, json: decision).status == .unauthorized)

            func refused(_ change: (inout [String: Any]) -> Void, _ code: String?) async throws {
                var body = decision
                change(&body)
                let answer = try await api.request(.put, path, token: admin, json: body)
                #expect(answer.status == .badRequest, "\(answer.text)")
                if let code { #expect(answer.errorCode == code, "\(answer.text)") }
                let (vi, en) = answer.errorMessages
                #expect(vi?.isEmpty == false && en?.isEmpty == false && vi != en, "\(answer.text)")
            }
            try await refused({ $0["tet"] = ["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09"] }, "calendar.badTetDays")
            try await refused(
                { $0["tet"] = ["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-03-01"] }, "calendar.badTetDays")
            try await refused({ $0["nationalDayAdjacent"] = "2027-09-04" }, "calendar.badNationalDayAdjacent")
            try await refused({ $0["citation"] = "  " }, "calendar.citationRequired")
            try await refused({ $0["tet"] = ["2027-02-30", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"] }, nil)
            try await refused(
                { $0["otherDays"] = [["date": "2028-01-03", "kind": "swapDayOff", "name": "x", "nameEn": "x"]] }, "calendar.badOtherDay")
            let badYear = try await api.request(.put, "/api/v1/calendars/VN-CQNN/years/abc", token: admin, json: decision)
            #expect(badYear.status == .badRequest)
            #expect(try await api.request(.put, "/api/v1/calendars/NOPE/years/2027", token: admin, json: decision).status == .notFound)
            // Nothing changed by the refusals.
            #expect(try await Self.due(api, "2027-02-04T09:00:00+07:00", 3)["provisional"] as? Bool == true)

            let saved = try await api.request(.put, path, token: admin, json: decision)
            #expect(saved.status == .ok, "\(saved.text)")
            #expect((saved.json["year"] as? [String: Any])?["status"] as? String == "confirmed")
            let dates = (saved.json["days"] as? [[String: Any]] ?? []).compactMap { $0["date"] as? String }
            #expect(
                dates == [
                    "2027-01-01", "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-20",
                    "2027-04-16", "2027-04-30", "2027-05-01", "2027-05-03", "2027-09-02", "2027-09-03",
                ])
            // Received on a Tết day: counted from Friday 12 February, the first working day after Tết and the swap.
            let after = try await Self.due(api, "2027-02-04T09:00:00+07:00", 3)
            #expect(after["effectiveReceiptDay"] as? String == "2027-02-12")
            #expect(after["dueDate"] as? String == "2027-02-17")
            #expect(after["provisional"] as? Bool == false)
            let years = try await api.request(.get, "/api/v1/calendars/VN-CQNN/years").json["items"] as? [[String: Any]] ?? []
            let year = years.first { $0["year"] as? Int == 2027 }
            #expect(year?["status"] as? String == "confirmed")
            #expect(year?["citation"] as? String == "Quyết định thử nghiệm số 1/TEST ngày 01/11/2026")

            let database = try db.open()
            let audit = try await database.read {
                try await $0.raw("SELECT target, detail FROM audit_log WHERE action = 'calendar.confirmYear'").all()
            }
            await database.shutdown()
            #expect(try audit.map { try $0.decode(column: "target", as: String.self) } == ["VN-CQNN/2027"])
        }
    }
}

/// A dossier whose due date counts across a provisional year says so in its JSON.
@Suite("Provisional due dates of dossiers")
struct ProvisionalDueDateTests {
    @Test("a dossier received before the 2027 Tết has a provisional due date; one in 2026 has not", arguments: Backend.available)
    func dossier(_ backend: Backend) async throws {
        try await withApp(backend, clock: TestClock("2027-02-03T09:00:00+07:00")) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            // 1.000689 is a commune-level procedure of 3 working days: Thursday 4, Friday 5, Monday 8 February 2027, no Tết assumed.
            let (code, _) = try await api.receive(desk, Fixtures.receipt("1.000689"))
            let dossier = try await api.dossier(desk, code)
            #expect(dossier[path: "dossier.dueDate"] as? String == "2027-02-08")
            #expect(dossier["dueDateProvisional"] as? Bool == true)
        }
        try await withApp(backend, clock: TestClock("2026-02-12T10:00:00+07:00")) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let (code, _) = try await api.receive(desk, Fixtures.receipt("1.000689"))
            let dossier = try await api.dossier(desk, code)
            #expect(dossier[path: "dossier.dueDate"] as? String == "2026-02-24")
            #expect(dossier["dueDateProvisional"] as? Bool == false)
        }
    }
}

/// The administrators' page of calendar years.
@Suite("Calendar years page")
struct CalendarYearsPageTests {
    static func officer(_ api: APIClient, _ username: String) async throws -> BrowserSession {
        let browser = BrowserSession(api)
        _ = try await browser.get("/officer/login")
        let login = try await browser.post("/officer/login", ["username": username, "password": APIClient.demoPassword])
        #expect(login.status == .seeOther || login.status == .found)
        return browser
    }

    @Test("administrators see 2027 as provisional and confirm it; others may not", arguments: Backend.available)
    func page(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await Self.officer(api, "tiepnhan.hacthanh")
            #expect(try await desk.get("/officer/lich-lam-viec").status == .forbidden)
            #expect(!(try await desk.get("/officer")).text.contains("id=\"nav-calendar\""))
            let admin = try await Self.officer(api, "quantri")
            let page = try await admin.get("/officer/lich-lam-viec")
            #expect(page.status == .ok)
            #expect(page.text.contains("<a href=\"/officer/lich-lam-viec\" id=\"nav-calendar\">Lịch làm việc</a>"))
            #expect(page.text.contains("id=\"confirm-2027\"") && !page.text.contains("id=\"confirm-2026\""))
            #expect(page.text.contains("Tạm tính"))
            var fields = [
                "citation": "Quyết định thử nghiệm số 2/TEST", "tet1": "2027-02-04", "tet2": "2027-02-05", "tet3": "2027-02-08",
                "tet4": "2027-02-09", "tet5": "2027-03-20", "nationalDayAdjacent": "2027-09-03",
            ]
            let refused = try await admin.post("/officer/lich-lam-viec/2027", fields)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("id=\"calendar-error\"") && refused.text.contains("ngày nghỉ Tết"))
            fields["tet5"] = "2027-02-10"
            _ = try await admin.get("/officer/lich-lam-viec")
            let saved = try await admin.post("/officer/lich-lam-viec/2027", fields)
            #expect(saved.status == .seeOther, "\(saved.text.prefix(300))")
            let after = try await admin.get("/officer/lich-lam-viec?confirmed=2027")
            #expect(after.text.contains("id=\"calendar-confirmed\"") && !after.text.contains("id=\"confirm-2027\""))
            #expect(after.text.contains("Quyết định thử nghiệm số 2/TEST") && after.text.contains("2027-09-03"))
        }
    }
}
