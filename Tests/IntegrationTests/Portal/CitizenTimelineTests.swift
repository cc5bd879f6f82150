import Foundation
import TestSupport
import Testing

/// The citizen's dossier page and public tracking show a few plain milestones with the expected date
/// (issue 19, item 4), not the officers' step names and per-step deadlines.
@Suite("Citizen timeline")
struct CitizenTimelineTests {
    /// The milestones of a page, in order: each `<li class="milestone …">` with its text.
    static func milestones(_ html: String) -> [String] {
        html.components(separatedBy: "<li class=\"milestone").dropFirst().map { $0.components(separatedBy: "</li>")[0] }
    }

    @Test(
        "my dossier and tracking show Đã nộp, Đã tiếp nhận, Đang giải quyết, Có kết quả with the expected date",
        arguments: Backend.available)
    func milestones(_ backend: Backend) async throws {
        let clock = TestClock("2026-03-02T08:00:00+07:00")
        try await withApp(backend, clock: clock, extraEnvironment: ["OUTBOX_POLL_SECONDS": "3600"]) { api, _ in
            let (browser, code) = try await CitizenMessagesTests.submitted(api, clock: clock)
            let fresh = Self.milestones(try await browser.get("/ho-so-cua-toi/\(code)").text)
            #expect(fresh.count == 4, "\(fresh)")
            #expect(fresh.first?.contains("done") == true && fresh.first?.contains("Đã nộp") == true)
            clock.set("2026-03-02T09:10:00+07:00")
            _ = try await Portal.toProcessing(api, code)  // accepted Mon 2 Mar, 3 working days: due Thu 5 Mar
            for path in ["/ho-so-cua-toi/\(code)", "/tra-cuu?code=\(code)"] {
                let page = path.hasPrefix("/tra") ? try await api.request(.get, path) : try await browser.get(path)
                let steps = Self.milestones(page.text)
                #expect(steps.count == 4, "\(path): \(steps)")
                guard steps.count == 4 else { continue }
                #expect(steps[0].contains("Đã nộp") && steps[0].contains("02/03/2026") && steps[0].contains("done"))
                #expect(steps[1].contains("Đã tiếp nhận") && steps[1].contains("done"))
                #expect(steps[2].contains("Đang giải quyết") && steps[2].contains("current"))
                #expect(steps[3].contains("Có kết quả") && steps[3].contains("05/03/2026") && steps[3].contains("upcoming"))
                // None of the officers' step names or per-step deadlines.
                #expect(
                    !page.text.contains("Hạn bước hiện tại") && !page.text.contains("Chờ phân công") && !page.text.contains("Phân công"))
            }
            let english = try await api.request(.get, "/tra-cuu?code=\(code)&lang=en")
            #expect(Self.milestones(english.text).last?.contains("Result") == true, "\(Self.milestones(english.text))")
        }
    }
}
