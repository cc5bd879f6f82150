import Domain
import Foundation
import Hummingbird

/// `GET /tai-lieu/{id}`: a stored document, to its owner and to officers of an agency whose
/// dossier uses it; "not found" to anyone else, so identifiers cannot be probed. Every download of
/// these identity documents is written to the audit log. `GET /tai-lieu/{id}/xem` shows the same
/// file in the browser (a leader reads the result before signing), sandboxed so that nothing in it runs.
struct DocumentController: Sendable {
    let documents: any DocumentRepository
    let blobs: any BlobStore
    let access: AccessAudit

    /// The policy of a previewed file: no script, no form, no plugin of its own; framed by the platform's pages only.
    static let previewPolicy = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"

    func addRoutes(to groups: RouteGroups) {
        groups.open.on(Routes.document, .get) { request, context in try await serve(request, context, inline: false) }
        groups.open.on(Routes.documentPreview, .get) { request, context in try await serve(request, context, inline: true) }
    }

    func serve(_ request: Request, _ context: AppRequestContext, inline: Bool) async throws -> Response {
        guard context.citizen != nil || context.officer != nil else { throw DomainError(.unauthenticated, "auth.required") }
        guard let id = Int64(try context.parameter("id")), let document = try await documents.document(id: id) else {
            throw DomainError.notFound("document.notFound")
        }
        var allowed = false
        if let citizen = context.citizen, document.citizenId == citizen.id { allowed = true }
        if !allowed, let officer = context.officer { allowed = try await documents.isUsed(documentId: id, byAgency: officer.agencyId) }
        guard allowed, let body = try await blobs.body(document.sha256) else { throw DomainError.notFound("document.notFound") }
        let reader = context.citizen.map { "citizen:\($0.id)" } ?? context.officer?.username ?? "anonymous"
        try await access.downloaded(documentId: id, by: reader, address: context.clientAddress)
        let ascii = document.fileName.unicodeScalars.map { $0.isASCII && $0 != "\"" ? String($0) : "_" }.joined()
        let encoded = document.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
        var headers: HTTPFields = [
            .contentType: document.mediaType.rawValue,
            .contentDisposition: "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
            .cacheControl: "private, no-store",
        ]
        if inline {
            headers[.contentSecurityPolicy] = Self.previewPolicy
            headers[.init("X-Frame-Options")!] = "SAMEORIGIN"
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
