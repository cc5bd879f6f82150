// Golden-file tests of the main pages, in Vietnamese and in English.
//
// Each page is fetched over real HTTP from the real application (SQLite, a fixed TestClock), normalised
// (`PageSnapshot.rules`: CSRF tokens, one-time form keys) and compared with
// Tests/IntegrationTests/Pages/Golden/<name>.<vi|en>.html.
//
// After changing a page on purpose, re-record the golden files, review them with `git diff`, and run again:
//
//     MOTCUA_RECORD_SNAPSHOTS=1 swift test --filter PageSnapshotTests
//
// (a recording run fails on purpose with "recorded …, run again"; the next run must pass).

import Foundation
import HTTPTypes
import TestSupport
import Testing

/// The main pages of the platform, public and officer-side, against their golden files.
@Suite("Page snapshots")
struct PageSnapshotTests {
    /// A page to compare: the golden file's name, its path (without `lang`), the status it is answered with.
    struct Page: Sendable {
        let name: String
        let path: String
        var status: HTTPResponse.Status = .ok
    }

    /// The instant every run happens at (a Thursday, a working day, during office hours).
    static let instant = "2026-02-12T10:00:00+07:00"

    static let languages = ["vi", "en"]

    /// The statistics worker passes once at start-up and not again during a test, so that the dashboard
    /// shows what the explicit rebuild computed, whatever the timing.
    static let quietStatistics = ["STATISTICS_POLL_SECONDS": "3600"]

    @Test("the public pages match their golden files", arguments: languages)
    func publicPages(_ lang: String) async throws {
        try await withApp(.sqlite, clock: TestClock(Self.instant)) { api, _ in
            let code = try await api.receive(try await api.login("tiepnhan.hacthanh")).code
            let pages = [
                Page(name: "home", path: "/"),
                Page(name: "procedures", path: "/thu-tuc?q=khai+sinh"),
                Page(name: "procedure", path: "/thu-tuc/\(Fixtures.birth)"),
                Page(name: "tracking-form", path: "/tra-cuu"),
                Page(name: "tracking-dossier", path: "/tra-cuu?code=\(code)"),
                Page(name: "verify", path: "/xac-minh-ket-qua"),
                Page(name: "not-found", path: "/khong-co-trang-nay", status: .notFound),
                Page(name: "officer-login", path: "/officer/login"),
                Page(name: "citizen-login", path: "/dang-nhap"),
                Page(name: "register", path: "/dang-ky"),
                Page(name: "report-form", path: "/phan-anh/gui"),
                Page(name: "reports", path: "/phan-anh"),
            ]
            try await Self.compare(pages, lang: lang, in: BrowserSession(api))
        }
    }

    @Test("the officer pages match their golden files", arguments: languages)
    func officerPages(_ lang: String) async throws {
        try await withApp(.sqlite, clock: TestClock(Self.instant), extraEnvironment: Self.quietStatistics) { api, _ in
            let code = try await api.receive(try await api.login("tiepnhan.hacthanh")).code
            let desk = try await Self.officer(api, "tiepnhan.hacthanh")
            try await Self.compare(
                [Page(name: "queue", path: "/officer"), Page(name: "dossier", path: "/officer/dossiers/\(code)")],
                lang: lang, in: desk)
            // The dashboard reads the statistics projection: rebuilt now, it counts the dossier above.
            let rebuilt = try await api.request(.post, "/api/v1/statistics/rebuild", token: try await api.login("quantri"))
            #expect(rebuilt.status == .ok)
            let admin = try await Self.officer(api, "quantri")
            try await Self.compare([Page(name: "operations", path: "/officer/dieu-hanh")], lang: lang, in: admin)
            // The papers (issue 18): a refusal slip (Mẫu số 03) and the tracking book (Mẫu số 07) of the day.
            let token = try await api.login("tiepnhan.hacthanh")
            let (refused, version) = try await api.receive(token, Fixtures.receipt(name: "Trần Văn Bình"))
            _ = try await api.must(token, refused, "refuseReception", version: version, extra: ["note": "Không thuộc thẩm quyền"])
            try await Self.compare(
                [
                    Page(name: "refusal-slip", path: "/officer/dossiers/\(refused)/slips/2"),
                    Page(name: "tracking-book", path: "/officer/so-theo-doi-ho-so?from=2026-02-12&to=2026-02-12"),
                ], lang: lang, in: desk)
        }
    }

    /// A browser logged in as the demo officer `username` through the login form.
    static func officer(_ api: APIClient, _ username: String) async throws -> BrowserSession {
        let browser = BrowserSession(api)
        _ = try await browser.get("/officer/login")
        let login = try await browser.post("/officer/login", ["username": username, "password": APIClient.demoPassword])
        guard login.status == .seeOther || login.status == .found else {
            throw TestSetupError("officer login \(username): \(login.status) \(login.text.prefix(300))")
        }
        return browser
    }

    /// Fetches each page in `lang` and checks its status and its golden file.
    static func compare(_ pages: [Page], lang: String, in browser: BrowserSession) async throws {
        for page in pages {
            let separator = page.path.contains("?") ? "&" : "?"
            let response = try await browser.get("\(page.path)\(separator)lang=\(lang)")
            #expect(response.status == page.status, "\(page.name).\(lang): \(response.status)")
            PageSnapshot.check(response.text, page.name, lang: lang)
        }
    }
}
