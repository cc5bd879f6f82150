import Foundation
import TestSupport
import Testing

/// An officer whose password an administrator set must choose their own at the next login (issue 19):
/// pages send them to the change page, the API answers 403 in both languages, logging out still works;
/// changing clears the requirement, audited.
@Suite("Forced password change")
struct ForcedPasswordChangeTests {
    static let change = "/officer/security/password"

    @Test(
        "after a reset, every officer page leads to the change page and the API is refused until the password is changed",
        arguments: Backend.available)
    func afterReset(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            let id = try await OfficerAdminPagesTests.column(db, "chuyenvien.stp", "CAST(id AS TEXT)")
            _ = try await admin.get("\(OfficerAdminPagesTests.list)/\(id)")
            let reset = try await admin.post("\(OfficerAdminPagesTests.list)/\(id)/mat-khau", [:])
            let temporary = try #require(OfficerAdminPagesTests.code("temporary-password", in: reset.text))

            let officer = BrowserSession(api)
            let login = try await Accounts.officerLogin(officer, "chuyenvien.stp", password: temporary)
            #expect(login.status == .seeOther || login.status == .found)
            for path in ["/officer", "/officer/tim-ho-so?name=nguyen", "/officer/security", "/officer/dieu-hanh"] {
                let page = try await officer.get(path)
                #expect(page.status == .seeOther, "\(path): \(page.status)")
                #expect(page.headers[.location] == Self.change, "\(path)")
            }
            let form = try await officer.get(Self.change)
            #expect(form.status == .ok)
            #expect(form.text.contains("id=\"password-required\""))
            let token = try await api.login("chuyenvien.stp", password: temporary)
            for lang in ["vi", "en"] {
                let refused = try await api.request(.get, "/api/v1/queue?lang=\(lang)", token: token)
                #expect(refused.status == .forbidden)
                #expect(refused.errorCode == "auth.passwordChangeRequired")
                #expect(refused.errorMessages.vi?.contains("đổi mật khẩu") == true)
                #expect(refused.errorMessages.en?.contains("change it") == true)
            }

            let changed = try await officer.post(
                Self.change, ["current": temporary, "password": "Mat-khau-moi-2026", "passwordConfirm": "Mat-khau-moi-2026"])
            #expect(changed.status == .ok)
            #expect(changed.text.contains("id=\"password-changed\""))
            #expect(try await officer.get("/officer").status == .ok)
            let fresh = try await api.login("chuyenvien.stp", password: "Mat-khau-moi-2026")
            #expect(try await api.request(.get, "/api/v1/queue", token: fresh).status == .ok)
            #expect(try await OfficerAdminPagesTests.column(db, "chuyenvien.stp", "CAST(must_change_password AS TEXT)") != "1")
            #expect(try await Accounts.audited(db, "password.changed") == 1)
            #expect(try await Accounts.audited(db, "officer.passwordReset") == 1)
        }
    }

    @Test("a new officer changes the temporary password at the first login; logging out works meanwhile", arguments: Backend.available)
    func newOfficer(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let admin = try await OfficerAdminPagesTests.officer(api, "quantri")
            _ = try await admin.get(OfficerAdminPagesTests.list)
            let agency = try await OfficerAdminPagesTests.column(db, "chuyenvien.stp", "agency_id")
            let created = try await admin.post(
                OfficerAdminPagesTests.list,
                ["username": "moi.stp", "fullName": "Trần Văn Mới", "agencyId": agency, "role_specialist": "on"])
            #expect(created.status == .created, "\(created.text.prefix(300))")
            let temporary = try #require(OfficerAdminPagesTests.code("temporary-password", in: created.text))
            let newcomer = BrowserSession(api)
            _ = try await Accounts.officerLogin(newcomer, "moi.stp", password: temporary)
            #expect(try await newcomer.get("/officer").headers[.location] == Self.change)
            _ = try await newcomer.get(Self.change)
            let out = try await newcomer.post("/officer/logout", [:])
            #expect(out.status == .seeOther || out.status == .found)
            #expect(out.headers[.location] == "/officer/login")
        }
    }
}
