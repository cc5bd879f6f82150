import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// The administrators' pages of officer accounts: search, create, roles, deactivate, password and second-factor resets.
@Suite("Officer administration pages")
struct OfficerAdminPagesTests {
    static let list = "/officer/quan-tri/can-bo"

    /// A logged-in browser of `username`.
    static func officer(_ api: APIClient, _ username: String, password: String = APIClient.demoPassword) async throws -> BrowserSession {
        let browser = BrowserSession(api)
        let login = try await Accounts.officerLogin(browser, username, password: password)
        #expect(login.status == .seeOther || login.status == .found, "\(username): \(login.text.prefix(300))")
        return browser
    }

    /// A column of the officer `username`.
    static func column(_ db: TestDatabase, _ username: String, _ column: String) async throws -> String {
        let database = try db.open()
        defer { Task { await database.shutdown() } }
        return try await database.read {
            try await $0.raw("SELECT \(unsafeRaw: column) AS v FROM officers WHERE username = \(bind: username)").first()!
                .decode(column: "v", as: String.self)
        }
    }

    /// The text of the element `id` (its first `<code>`), e.g. the temporary password.
    static func code(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\">"), let end = html[start.upperBound...].range(of: "</code>") else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }

    @Test("only administrators see the list; search by name or username, filter by agency, role and state", arguments: Backend.available)
    func search(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let desk = try await Self.officer(api, "tiepnhan.hacthanh")
            #expect(try await desk.get(Self.list).status == .forbidden)
            #expect(!(try await desk.get("/officer")).text.contains("id=\"nav-admin-officers\""))
            let admin = try await Self.officer(api, "quantri")
            let all = try await admin.get(Self.list)
            #expect(all.status == .ok)
            #expect(all.text.contains("id=\"nav-admin-officers\"") && all.text.contains(">tiepnhan.hacthanh</a>"))
            let byName = try await admin.get(Self.list + "?q=Chuy%C3%AAn")
            #expect(byName.text.contains(">chuyenvien.stp</a>") && !byName.text.contains(">quantri</a>"))
            let plain = try await admin.get(Self.list + "?q=do+thi+hac")
            #expect(plain.text.contains(">tiepnhan.hacthanh</a>"), "typed without diacritics, Đỗ Thị Hạc is found")
            #expect(!plain.text.contains(">quantri</a>"))
            let byUsername = try await admin.get(Self.list + "?q=HACTHANH")
            #expect(byUsername.text.contains(">lanhdao.hacthanh</a>") && !byUsername.text.contains(">chuyenvien.stp</a>"))
            let stp = try await Self.column(db, "chuyenvien.stp", "agency_id")
            let byAgency = try await admin.get(Self.list + "?agency=\(stp)&role=leader")
            #expect(byAgency.text.contains(">lanhdao.stp</a>") && !byAgency.text.contains(">chuyenvien.stp</a>"))
            #expect(!byAgency.text.contains(">lanhdao.sxd</a>"))
            let inactive = try await admin.get(Self.list + "?state=inactive&q=%25")
            #expect(inactive.text.contains("id=\"officers-empty\""), "a % is searched for as a character, not a wildcard")
        }
    }

    @Test(
        "creating refuses bad input with a 4xx re-rendering the form in both languages; the new officer logs in",
        arguments: Backend.available)
    func create(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let admin = try await Self.officer(api, "quantri")
            _ = try await admin.get(Self.list)
            let agency = try await Self.column(db, "chuyenvien.stp", "agency_id")
            var fields = ["username": "Chuyên viên", "fullName": "Lê Văn Mới", "agencyId": agency, "role_specialist": "on"]
            let badName = try await admin.post(Self.list, fields)
            #expect(badName.status == .badRequest)
            #expect(badName.text.contains("id=\"officer-error\"") && badName.text.contains("Tên đăng nhập không hợp lệ"))
            #expect(badName.text.contains("value=\"Lê Văn Mới\"") && badName.text.contains("name=\"role_specialist\" checked"))
            fields["username"] = "chuyenvien3.stp"
            fields["role_specialist"] = nil
            let noRole = try await admin.post(Self.list + "?lang=en", fields)
            #expect(noRole.status == .badRequest && noRole.text.contains("Please choose at least one role."))
            fields["role_specialist"] = "on"
            fields["agencyId"] = "no.such.agency"
            #expect(try await admin.post(Self.list, fields).status == .badRequest)
            fields["agencyId"] = agency
            fields["username"] = "quantri"
            let taken = try await admin.post(Self.list, fields)
            #expect(taken.status == .conflict && taken.text.contains("quantri"))
            #expect(try await Accounts.audited(db, "officer.created") == 0)

            fields["username"] = "ChuyenVien3.STP"
            let created = try await admin.post(Self.list, fields)
            #expect(created.status == .created, "\(created.text.prefix(400))")
            #expect(created.headers[.cacheControl] == "no-store")
            let password = try #require(Self.code("temporary-password", in: created.text))
            #expect(password.count == 12)
            #expect(try await Accounts.audited(db, "officer.created") == 1)
            #expect(!(try await admin.get(Self.list)).text.contains(password), "the temporary password is shown once")
            let newcomer = try await Self.officer(api, "chuyenvien3.stp", password: password)
            #expect(
                (try await newcomer.get("/officer")).headers[.location] == "/officer/security/password", "the password is changed first")
            #expect((try await newcomer.get("/officer/security/password")).text.contains("Lê Văn Mới"))
        }
    }

    @Test(
        "roles, deactivation (ending sessions), reactivation and resets are audited; an administrator cannot lock themself out",
        arguments: Backend.available)
    func change(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let admin = try await Self.officer(api, "quantri")
            let specialist = try await Self.officer(api, "chuyenvien.stp")
            let id = try await Self.column(db, "chuyenvien.stp", "CAST(id AS TEXT)")
            let page = "\(Self.list)/\(id)"
            #expect(try await admin.get(page).status == .ok)
            #expect(try await admin.get("\(Self.list)/999999").status == .notFound)

            let noRoles = try await admin.post("\(page)/vai-tro", [:])
            #expect(noRoles.status == .badRequest && noRoles.text.contains("ít nhất một vai trò"))
            let roles = try await admin.post("\(page)/vai-tro", ["role_specialist": "on", "role_leader": "on"])
            #expect(roles.status == .seeOther)
            #expect(try await Self.column(db, "chuyenvien.stp", "roles") == "leader,specialist")
            #expect((try await admin.get("\(page)?done=roles")).text.contains("id=\"officer-done\""))

            let off = try await admin.post("\(page)/trang-thai", ["active": "false"])
            #expect(off.status == .seeOther)
            #expect(try await specialist.get("/officer").status != .ok, "the deactivated officer's session has ended")
            let refused = try await Accounts.officerLogin(BrowserSession(api), "chuyenvien.stp")
            #expect(refused.status != .seeOther && refused.status != .found)
            #expect((try await admin.get(Self.list + "?state=inactive")).text.contains(">chuyenvien.stp</a>"))
            #expect(try await admin.post("\(page)/trang-thai", ["active": "true"]).status == .seeOther)

            let reset = try await admin.post("\(page)/mat-khau", [:])
            let password = try #require(Self.code("temporary-password", in: reset.text))
            let again = try await Self.officer(api, "chuyenvien.stp", password: password)
            #expect(try await again.get("/officer").headers[.location] == "/officer/security/password", "the password is changed first")
            #expect(try await again.get("/officer/security/password").status == .ok)
            #expect(try await admin.post("\(page)/xac-thuc", [:]).status == .seeOther)
            #expect(try await again.get("/officer/security/password").status != .ok, "a second-factor reset ends the sessions")
            for action in [
                "officer.rolesChanged", "officer.deactivated", "officer.reactivated", "officer.passwordReset",
                "officer.secondFactorReset",
            ] {
                #expect(try await Accounts.audited(db, action) == 1, "\(action)")
            }

            let selfId = try await Self.column(db, "quantri", "CAST(id AS TEXT)")
            let selfOff = try await admin.post("\(Self.list)/\(selfId)/trang-thai?lang=en", ["active": "false"])
            #expect(selfOff.status == .badRequest && selfOff.text.contains("You cannot deactivate your own account."))
            let selfRoles = try await admin.post("\(Self.list)/\(selfId)/vai-tro?lang=vi", ["role_leader": "on"])
            #expect(selfRoles.status == .badRequest && selfRoles.text.contains("vai trò quản trị"))
            #expect(try await Self.column(db, "quantri", "roles") == "admin")
        }
    }
}
