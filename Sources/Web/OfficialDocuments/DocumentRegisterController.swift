import Domain
import Foundation
import Hummingbird

/// A register of the officer's agency for one year: the page (searchable ignoring diacritics and
/// case, printable) and its CSV for archiving.
struct DocumentRegisterController: Sendable {
    let service: OfficialDocumentService
    let views: OfficialDocumentViews
    let pages: PageRenderer

    func addRoutes(to groups: RouteGroups) {
        groups.officers.on(Routes.documentRegister, .get, page)
        groups.officers.on(Routes.documentRegisterCSV, .get, csv)
    }

    /// The direction and year of the path.
    func register(_ context: OfficerContext) throws -> (RegisterDirection, Int) {
        guard let direction = OfficialDocumentViews.direction(try context.parameter("direction")),
            let year = Int(try context.parameter("year"))
        else { throw DomainError.notFound("officialDocument.noRegister") }
        return (direction, year)
    }

    @Sendable func page(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let (direction, year) = try register(context)
        let query = request.formQuery["q"] ?? ""
        let found = try await service.entries(direction: direction, year: year, search: query, for: context.officer)
        let today = try await service.today()
        var lines: [DocumentLine] = []
        for d in found { lines.append(try await views.line(d, today: today, language: context.language)) }
        let segment = OfficialDocumentViews.segment(direction)
        let page = DocumentRegisterPage(
            title: views.registerTitle(direction, year: year, context.language),
            agency: try await views.agencyName(context.officer.agencyId, context.language), year: year, query: query,
            action: Routes.documentRegister.link(segment, String(year)),
            csvLink: Routes.documentRegisterCSV.link(segment, String(year))
                + (query.isEmpty ? "" : "?q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")), lines: lines,
            none: lines.isEmpty, count: lines.count)
        return try pages.render(page, context: context)
    }

    @Sendable func csv(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let (direction, year) = try register(context)
        let found = try await service.entries(direction: direction, year: year, search: request.formQuery["q"], for: context.officer)
        let text = try await views.csv(found, language: context.language)
        let name = "so-van-ban-\(OfficialDocumentViews.segment(direction))-\(year).csv"
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
