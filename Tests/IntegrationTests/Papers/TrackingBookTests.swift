import Foundation
import TestSupport
import Testing

/// The tracking book (sổ theo dõi hồ sơ, Mẫu số 07): an agency's dossiers received in a period, printable and as
/// CSV (UTF-8 with a byte-order mark).
@Suite("Tracking book")
struct TrackingBookTests {
    @Test(
        "the book lists the period's dossiers of the agency, and only them; CSV with BOM; a bad period is a 400",
        arguments: Backend.available)
    func periodBook(_ backend: Backend) async throws {
        let clock = TestClock("2026-02-11T10:00:00+07:00")
        try await withApp(backend, clock: clock) { api, _ in
            let desk = try await api.login("tiepnhan.hacthanh")
            let before = try await api.receive(desk, Fixtures.receipt(name: "Người Hôm Trước")).code
            clock.set("2026-02-12T09:00:00+07:00")
            let first = try await api.receive(desk, Fixtures.receipt(name: "Trần Văn Bình")).code
            let second = try await api.receive(desk, Fixtures.receipt(name: "Phạm Thị Cúc")).code
            clock.set("2026-02-13T09:00:00+07:00")
            let after = try await api.receive(desk, Fixtures.receipt(name: "Người Hôm Sau")).code

            let page = try await api.request(.get, "/officer/so-theo-doi-ho-so?from=2026-02-12&to=2026-02-12", token: desk)
            #expect(page.status == .ok)
            let rows = PageReading.rows(id: "tracking-book", in: page.text)
            #expect(rows.map { $0.dropFirst().first } == [first, second])
            #expect(rows.first?.dropFirst(2).first == "Trần Văn Bình")
            #expect(!page.text.contains(before) && !page.text.contains(after))
            #expect(page.text.contains("Mẫu số 07"))
            #expect(PageReading.text(id: "book-period", in: page.text) == "12/02/2026 – 12/02/2026")
            #expect(PageReading.text(id: "book-count", in: page.text) == "Số hồ sơ: 2")

            let wide = try await api.request(.get, "/officer/so-theo-doi-ho-so?from=2026-02-01&to=2026-02-28", token: desk)
            #expect(PageReading.rows(id: "tracking-book", in: wide.text).count == 4)

            let csv = try await api.request(.get, "/officer/so-theo-doi-ho-so/csv?from=2026-02-12&to=2026-02-12", token: desk)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("\u{FEFF}STT,Mã hồ sơ"))
            let lines = csv.text.split(whereSeparator: \.isNewline)
            #expect(lines.count == 3 && lines[1].contains(first) && lines[2].contains(second))

            // Another commune's desk keeps its own book.
            let other = try await api.request(
                .get, "/officer/so-theo-doi-ho-so?from=2026-02-01&to=2026-02-28", token: try await api.login("tiepnhan.quangphu"))
            #expect(PageReading.rows(id: "tracking-book", in: other.text).isEmpty)

            let backwards = try await api.request(.get, "/officer/so-theo-doi-ho-so?from=2026-02-13&to=2026-02-12", token: desk)
            #expect(backwards.status == .badRequest)
            #expect(backwards.text.contains("Kỳ của sổ theo dõi không hợp lệ"))
            let garbage = try await api.request(.get, "/officer/so-theo-doi-ho-so?from=hom-qua", token: desk)
            #expect(garbage.status == .badRequest)
        }
    }
}
