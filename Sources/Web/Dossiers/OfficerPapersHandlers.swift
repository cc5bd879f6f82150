import Domain
import Foundation
import Hummingbird

/// The officer pages of a dossier's papers: a statutory slip its action issued, and the agency's tracking book.
extension OfficerPagesController {
    @Sendable func slip(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let d = try await service.visibleDossier(code: try context.parameter("code"), to: context.officer)
        guard let sequence = Int(try context.parameter("sequence")) else { throw DomainError.notFound("slip.notFound") }
        return try pages.render(try await views.slipPage(d, sequence: sequence, language: context.language), context: context)
    }

    @Sendable func trackingBook(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let (book, query) = try await book(request, context)
        let own = try await agencies.agency(id: context.officer.agencyId)
        let lines = try await views.bookLines(book, language: context.language)
        let page = TrackingBookPage(
            agency: (context.language == .en ? own?.nameEn : own?.name) ?? book.agencyId, form: SlipKind.trackingBookForm,
            formSource: SlipKind.source, from: book.from.iso, to: book.to.iso,
            period: "\(Format.day(book.from)) – \(Format.day(book.to))", action: Routes.trackingBook.link(),
            csvLink: Routes.trackingBookCSV.link() + query, lines: lines, count: lines.count, none: lines.isEmpty,
            truncated: book.truncated)
        return try pages.render(page, context: context)
    }

    @Sendable func trackingBookCSV(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let (book, _) = try await book(request, context)
        let text = views.bookCSV(try await views.bookLines(book, language: context.language), language: context.language)
        let name = "so-theo-doi-ho-so-\(book.from.iso)-\(book.to.iso).csv"
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The book of the period the query names (`from`, `to`: ISO days; the current month by default), and the query
    /// string that names it.
    func book(_ request: Request, _ context: OfficerContext) async throws -> (TrackingBook, String) {
        let q = request.formQuery
        let today = LocalDate.local(clock.now(), utcOffsetSeconds: Format.offset).date
        func day(_ name: String, _ fallback: LocalDate) throws -> LocalDate {
            guard let text = q[name] else { return fallback }
            guard let date = LocalDate(iso: text) else { throw DomainError.invalid(name, "book.badPeriod") }
            return date
        }
        let from = try day("from", today.adding(days: 1 - today.day))
        let to = try day("to", today)
        let book = try await service.trackingBook(for: context.officer, from: from, to: to)
        return (book, "?from=\(from.iso)&to=\(to.iso)")
    }
}
