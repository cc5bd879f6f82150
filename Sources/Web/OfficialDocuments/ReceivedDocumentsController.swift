import Domain
import Foundation
import Hummingbird

extension Routes {
    /// The citizen's received documents ("Văn bản nhận được").
    public static let accountDocuments = RouteDef("/tai-khoan/van-ban")
    /// The signed file of one of them.
    public static let accountDocumentFile = RouteDef("/tai-khoan/van-ban/:id/tep")
}

/// The outgoing documents addressed to the citizen, in their account: the list, and each signed
/// file for its addressee only (404 for anyone else; each download audited).
struct ReceivedDocumentsController: Sendable {
    let service: ReceivedDocumentService
    let pages: PageRenderer

    func addRoutes(to groups: RouteGroups) {
        groups.citizens.on(Routes.accountDocuments, .get, list)
        groups.citizens.on(Routes.accountDocumentFile, .get, file)
    }

    @Sendable func list(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        let documents = try await service.documents(of: context.citizen)
        let language = context.language
        let page = ReceivedDocumentsPage(
            items: documents.map { d in
                ReceivedDocumentsPage.Item(
                    id: d.id, numberSymbol: d.numberSymbol, date: Format.instant(d.issuedAt), issuer: d.issuer,
                    type: OfficialDocumentTypes.type(d.typeCode).map { language == .en ? $0.nameEn : $0.name } ?? d.typeCode,
                    summary: d.summary, signer: d.signerName, file: Routes.accountDocumentFile.link(String(d.id)))
            })
        return try pages.render(page, context: context)
    }

    @Sendable func file(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("outgoing.notFound") }
        let (document, bytes) = try await service.file(id, for: context.citizen, address: context.clientAddress)
        let name = document.numberSymbol.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf", .contentDisposition: "attachment; filename=\"van-ban-\(String(name)).pdf\"",
                .cacheControl: "private, no-store",
            ], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The citizen's received documents (`received-documents` template).
struct ReceivedDocumentsPage: PageModel {
    static let template = "received-documents"

    /// One document as listed.
    struct Item: Encodable, Sendable {
        let id: Int64
        let numberSymbol: String
        let date: String
        let issuer: String
        let type: String
        let summary: String
        let signer: String?
        let file: String
    }

    let items: [Item]
    let none: Bool
    let verifyLink = Routes.verify.link()
    let noticesLink = Routes.accountNotices.link()

    init(items: [Item]) {
        self.items = items
        none = items.isEmpty
    }
}
