import App
import Domain
import Foundation
import Persistence
import TestSupport
import Testing

/// Issue 21 item 2, as configured: the server's own sync worker, its configuration, and the administrators' page.
@Suite("National portal sync in the application")
struct PortalSyncAppTests {
    @Test("with the endpoint configured, the server's worker sends a dossier's whole life by itself", arguments: Backend.available)
    func serverWorker(_ backend: Backend) async throws {
        let receiver = try NationalPortalReceiver()
        let environment = [
            "NATIONAL_PORTAL_SYNC_URL": receiver.url.absoluteString, "NATIONAL_PORTAL_SYNC_TOKEN": NationalPortalReceiver.token,
            "NATIONAL_PORTAL_SYNC_POLL_SECONDS": "1",
        ]
        try await withApp(backend, clock: TestClock("2026-03-02T09:00:00+07:00"), extraEnvironment: environment) { api, _ in
            let code = try await PortalSyncTests.live(api)
            for _ in 0..<100 where PortalSyncTests.arrived(receiver, code).count < 6 { try await Task.sleep(for: .milliseconds(100)) }
            #expect(PortalSyncTests.arrived(receiver, code).map(\.1) == PortalSyncTests.lifeCodes)
        }
    }

    @Test("the server refuses to start with an endpoint but no credentials, or a short inbound key")
    func configuration() throws {
        #expect(throws: (any Error).self) {
            try AppConfig(environment: ["MOTCUA_ENV": "development", "NATIONAL_PORTAL_SYNC_URL": "https://portal.example/status"])
        }
        #expect(throws: (any Error).self) {
            try AppConfig(environment: ["MOTCUA_ENV": "development", "NATIONAL_PORTAL_INBOUND_TOKEN": "short"])
        }
        let config = try AppConfig(environment: [
            "MOTCUA_ENV": "development", "NATIONAL_PORTAL_SYNC_URL": "https://portal.example/status",
            "NATIONAL_PORTAL_SYNC_CLIENT_ID": "motcua", "NATIONAL_PORTAL_SYNC_CLIENT_SECRET": "s3cret",
        ])
        #expect(config.nationalPortal.credentials == .client(id: "motcua", secret: "s3cret"))
        #expect(config.nationalPortal.retry.delay(afterAttempts: 1) == 30)
        #expect(config.nationalPortal.retry.delay(afterAttempts: 3) == 120)
        #expect(config.nationalPortal.retry.delay(afterAttempts: 12) == nil)
    }

    @Test("administrators see the waiting and dead records on their page and send a dead one again", arguments: Backend.available)
    func page(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T09:00:00+07:00")
        let receiver = try NationalPortalReceiver()
        receiver.stop()
        try await withApp(backend, clock: clock, extraEnvironment: PortalSyncTests.quiet) { api, db in
            let code = try await PortalSyncTests.live(api, actions: ["forward"])
            try await PortalSyncTests.opened(db) { database in
                let sync = PortalSyncTests.dispatcher(
                    database, receiver, clock: clock, policy: PortalSyncRetryPolicy(maxAttempts: 1, baseSeconds: 5, maxSeconds: 5))
                #expect(try await sync.runOnce() == 0)
                let desk = try await CalendarYearsPageTests.officer(api, "tiepnhan.hacthanh")
                #expect(try await desk.get("/officer/dong-bo-cong-quoc-gia").status == .forbidden)
                let admin = try await CalendarYearsPageTests.officer(api, "quantri")
                let page = try await admin.get("/officer/dong-bo-cong-quoc-gia")
                #expect(page.status == .ok)
                #expect(page.text.contains("Đồng bộ trạng thái với Cổng Dịch vụ công quốc gia"))
                #expect(page.text.contains("\(code) · lần thay đổi 1") && page.text.contains("2 · Được tiếp nhận"))
                let id = try #require(page.text.range(of: "id=\"resend-").map { page.text[$0.upperBound...].prefix { $0.isNumber } })
                // The second record waits behind the dead first one.
                #expect(page.text.contains("<strong>1</strong>"))
                let resent = try await admin.post("/officer/dong-bo-cong-quoc-gia/\(id)/gui-lai", [:])
                #expect(resent.status == .found || resent.status == .seeOther)
                let after = try await admin.get(resent.headers[.location] ?? "")
                #expect(after.text.contains("id=\"portal-sync-resent\""))
                #expect(!after.text.contains("id=\"resend-\(id)\""))
                let missing = try await admin.post("/officer/dong-bo-cong-quoc-gia/999999/gui-lai", [:])
                #expect(missing.status == .notFound)
                #expect(missing.text.contains("id=\"portal-sync-error\""))
            }
        }
    }
}
