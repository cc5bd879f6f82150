import Foundation
import TestSupport
import Testing

/// The officer's dossier page as a place to act (issue 19, items 5 and 6): one primary action, reasons
/// only where the workflow asks for one, a confirmation on the queue after each action, no submission
/// for approval without a result where the workflow requires one, and the result shown before signing.
@Suite("Officer action pages")
struct OfficerActionPagesTests {
    static func officer(_ api: APIClient, _ username: String) async throws -> BrowserSession {
        let browser = BrowserSession(api)
        _ = try await browser.get("/officer/login")
        let login = try await browser.post("/officer/login", ["username": username, "password": APIClient.demoPassword])
        guard login.status == .seeOther || login.status == .found else {
            throw TestSetupError("officer login \(username): \(login.status)")
        }
        return browser
    }

    /// The `<form>` of `action` on a dossier page.
    static func form(_ action: String, in html: String) -> String? {
        html.components(separatedBy: "<form").first { $0.contains("data-action=\"\(action)\"") }?.components(separatedBy: "</form>").first
    }

    /// The value of the version field of the page's first action form.
    static func version(in html: String) -> String? {
        guard let range = html.range(of: "name=\"version\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test(
        "one primary action, reason boxes only where required, and a confirmation on the queue after each action",
        arguments: Backend.available)
    func feedbackAndHierarchy(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let (code, _) = try await api.receive(try await api.login("tiepnhan.hacthanh"))
            let desk = try await Self.officer(api, "tiepnhan.hacthanh")
            let page = try await desk.get("/officer/dossiers/\(code)")
            #expect(page.status == .ok)
            #expect(page.text.components(separatedBy: "action-primary").count - 1 == 1, "one primary action")
            let forward = try #require(Self.form("forward", in: page.text))
            #expect(forward.contains("action-primary") && forward.contains("class=\"primary\""))
            #expect(!forward.contains("name=\"note\""), "forwarding needs no reason, yet its form asks for one")
            for action in ["requestSupplementAtReception", "refuseReception", "withdraw"] {
                let form = try #require(Self.form(action, in: page.text))
                #expect(form.contains("name=\"note\"") && form.contains("class=\"secondary\""), "\(action): reason box, secondary button")
            }

            let done = try await desk.post(
                "/officer/dossiers/\(code)/transition", ["action": "forward", "version": Self.version(in: page.text) ?? ""])
            #expect(done.status == .seeOther || done.status == .found)
            #expect(done.headers[.location] == "/officer", "after forwarding the officer goes to \(done.headers[.location] ?? "nowhere")")
            let queue = try await desk.get("/officer")
            let flash = PageReading.text(id: "flash", in: queue.text) ?? ""
            #expect(flash.contains("Chuyển cơ quan giải quyết") && flash.contains(code), "the queue's confirmation reads \(flash)")
            let cleared = queue.headers[values: .setCookie].filter { $0.hasPrefix("motcua_flash=") }
            #expect(cleared.count == 1 && cleared[0].contains("Max-Age=0"), "the confirmation shows once; the queue sets \(cleared)")

            // The leader assigns through the page and is confirmed too; a refused action stays on the page with its reason.
            let leader = try await Self.officer(api, "lanhdao.hacthanh")
            let leaderPage = try await leader.get("/officer/dossiers/\(code)")
            #expect(try #require(Self.form("assign", in: leaderPage.text)).contains("action-primary"))
            let refused = try await leader.post(
                "/officer/dossiers/\(code)/transition",
                ["action": "transfer", "version": Self.version(in: leaderPage.text) ?? "", "targetAgencyId": "SoTP.H56"])
            #expect(refused.status == .badRequest)
            #expect(!(PageReading.text(id: "action-error", in: refused.text) ?? "").isEmpty)
            let specialist = String(try await api.officerId("chuyenvien.hacthanh"))
            let assigned = try await leader.post(
                "/officer/dossiers/\(code)/transition",
                ["action": "assign", "version": Self.version(in: leaderPage.text) ?? "", "assigneeId": specialist])
            #expect(assigned.headers[.location] == "/officer")
            #expect(
                (PageReading.text(id: "flash", in: try await leader.get("/officer").text) ?? "").contains("Phân công chuyên viên xử lý"))
        }
    }

    @Test(
        "an online dossier cannot be submitted for approval without its result; the leader sees the PDF inline",
        arguments: Backend.available)
    func resultBeforeApproval(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, _ in
            let (_, code) = try await Portal.citizenWithDossier(api)
            var v = try await Portal.toProcessing(api, code)
            let specialistToken = try await api.login("chuyenvien.hacthanh")
            let refused = try await api.act(specialistToken, code, "submitForApproval", version: v)
            #expect(refused.status == .conflict, "submitted without a result: \(refused.status)")
            #expect(refused.errorCode == "result.requiredToSubmit")
            #expect(refused.errorMessages.vi?.contains("tệp kết quả") == true && refused.errorMessages.en?.contains("result file") == true)

            let specialist = try await Self.officer(api, "chuyenvien.hacthanh")
            let before = try await specialist.get("/officer/dossiers/\(code)")
            let submit = try #require(Self.form("submitForApproval", in: before.text))
            #expect(submit.contains("id=\"result-notice-submitForApproval\"") && submit.contains(" disabled"))
            let attached = try await BrowserSession(api).postMultipart(
                "/officer/dossiers/\(code)/result", [:],
                files: [.init(field: "file", name: "trich-luc.pdf", bytes: Portal.pdf("trích lục"))],
                token: specialistToken)
            #expect(attached.status == .seeOther)
            let after = try await specialist.get("/officer/dossiers/\(code)")
            #expect(!(Self.form("submitForApproval", in: after.text) ?? "").contains("result-notice"))
            v = try await api.must(specialistToken, code, "submitForApproval", version: v)

            let leader = try await Self.officer(api, "lanhdao.hacthanh")
            let review = try await leader.get("/officer/dossiers/\(code)")
            let frame = try #require(review.text.components(separatedBy: "<iframe src=\"").dropFirst().first?.prefix { $0 != "\"" })
            #expect(frame.hasPrefix("/tai-lieu/") && frame.hasSuffix("/xem"))
            #expect(review.text.contains("trich-luc.pdf"))
            let preview = try await leader.get(String(frame))
            #expect(preview.status == .ok)
            #expect(preview.headers[.contentType] == "application/pdf")
            #expect(preview.headers[.contentDisposition]?.hasPrefix("inline;") == true)
            let policy = preview.headers[.contentSecurityPolicy] ?? ""
            #expect(policy.hasPrefix("sandbox;") && policy.contains("frame-ancestors 'self'"), "preview policy: \(policy)")
            #expect(preview.headers[.init("X-Frame-Options")!] == "SAMEORIGIN")
            #expect(preview.bytes == Portal.pdf("trích lục"))
            let download = try await leader.get(String(frame.dropLast(4)))
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(download.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(try await BrowserSession(api).get(String(frame)).status == .unauthorized)
            _ = try await api.must(try await api.login("lanhdao.hacthanh"), code, "approve", version: v)
        }
    }

    @Test("a counter dossier is warned, not refused, when submitted for approval without a result", arguments: Backend.available)
    func counterWarning(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            var (code, v) = try await api.receive(desk)
            v = try await api.must(desk, code, "forward", version: v)
            v = try await api.must(
                try await api.login("lanhdao.hacthanh"), code, "assign", version: v,
                extra: ["assigneeId": try await api.officerId("chuyenvien.hacthanh")])
            let page = try await Self.officer(api, "chuyenvien.hacthanh").get("/officer/dossiers/\(code)")
            let submit = try #require(Self.form("submitForApproval", in: page.text))
            #expect(submit.contains("class=\"warning\"") && !submit.contains(" disabled"))
            #expect(submit.contains("action-primary"))
            _ = try await api.must(try await api.login("chuyenvien.hacthanh"), code, "submitForApproval", version: v)
        }
    }
}
