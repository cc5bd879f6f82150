import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The official documents' JSON API (`/api/v1/documents`): an agency's registers, one document, registering an
/// incoming document, the leader's assignment and the lead unit's completion. The same service as the pages: the
/// same rules, one transaction and one audit line per change, documents of other agencies "not found".
struct DocumentAPIController: Sendable {
    let service: OfficialDocumentService
    let settings: WebSettings

    func addRoutes(to groups: RouteGroups) {
        groups.officers.on(Routes.apiDocuments, .get, list)
        groups.officers.on(Routes.apiDocuments, .post, register)
        groups.officers.on(Routes.apiDocument, .get, one)
        groups.officers.on(Routes.apiDocumentAssignment, .post, assign)
        groups.officers.on(Routes.apiDocumentCompletion, .post, complete)
    }

    /// One register (`direction`, `year`; this year's incoming register by default), searched with `q`, a page of `limit`
    /// entries (50 by default) numbered after `after`; `nextAfter` leads to the next page.
    @Sendable func list(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let q = request.uri.queryParameters
        let direction = try q.get("direction").map { raw in
            guard let d = RegisterDirection(rawValue: raw) else { throw DomainError.invalid("direction") }
            return d
        }
        var year = try await service.today().year
        if let raw = q.get("year") {
            guard let y = Int(raw) else { throw DomainError.invalid("year") }
            year = y
        }
        var limit = 50
        if let raw = q.get("limit") {
            guard let n = Int(raw), (1...200).contains(n) else { throw DomainError.invalid("limit") }
            limit = n
        }
        var after: Int?
        if let raw = q.get("after") {
            guard let n = Int(raw), n >= 0 else { throw DomainError.invalid("after") }
            after = n
        }
        let found = try await service.entries(
            direction: direction ?? .incoming, year: year, search: q.get("q").map { String($0) }, limit: limit + 1, afterNumber: after,
            for: context.officer)
        let page = found.prefix(limit)
        return try JSONCoding.response(
            DocumentListView(items: page.map(DocumentView.init), nextAfter: found.count > limit ? page.last?.number : nil))
    }

    @Sendable func one(_ request: Request, _ context: OfficerContext) async throws -> Response {
        try JSONCoding.response(DocumentView(try await service.document(try Self.id(context), for: context.officer)))
    }

    /// Registers an incoming document; an `Idempotency-Key` makes a retry answer with the document registered first.
    @Sendable func register(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        try OfficialDocumentRules.checkRegister(by: officer)
        var submissionKey: String?
        if let key = request.headers[DossierAPIController.idempotencyHeader] {
            guard (1...100).contains(key.count), key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
            else { throw DomainError.invalid("Idempotency-Key") }
            submissionKey = "api:\(officer.id):\(key)"
        }
        if let submissionKey, let done = try await service.registered(submissionKey: submissionKey, by: officer) {
            return try JSONCoding.response(DocumentView(done), headers: [.location: Routes.apiDocument.link(String(done.id))])
        }
        let details = try await JSONCoding.decode(OfficialDocumentDetails.self, from: request, limit: settings.maxBodyBytes)
        let stored = try await service.registerIncoming(
            details, attachments: [], submissionKey: submissionKey, by: officer, from: context.clientAddress)
        return try JSONCoding.response(
            DocumentView(stored), status: .created, headers: [.location: Routes.apiDocument.link(String(stored.id))])
    }

    @Sendable func assign(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let id = try Self.id(context)
        let body = try await JSONCoding.decode(AssignmentInput.self, from: request, limit: settings.maxBodyBytes)
        let d = try await service.assign(
            id, expectedVersion: body.expectedVersion, lead: body.leadAgencyId, coordinating: body.coordinatingAgencyIds ?? [],
            instruction: body.instruction, workingDays: body.workingDays, by: context.officer, from: context.clientAddress)
        return try JSONCoding.response(DocumentView(d))
    }

    @Sendable func complete(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let id = try Self.id(context)
        let body = try await JSONCoding.decode(CompletionInput.self, from: request, limit: settings.maxBodyBytes)
        let d = try await service.close(
            id, expectedVersion: body.expectedVersion, note: body.note, by: context.officer, from: context.clientAddress)
        return try JSONCoding.response(DocumentView(d))
    }

    static func id(_ context: OfficerContext) throws -> Int64 {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("officialDocument.notFound") }
        return id
    }
}

/// The leader's assignment as the API receives it; the deadline is `workingDays` working days from today.
struct AssignmentInput: Decodable {
    let expectedVersion: Int
    let leadAgencyId: String
    let coordinatingAgencyIds: [String]?
    let instruction: String
    let workingDays: Int
}

/// The lead unit's completion as the API receives it.
struct CompletionInput: Decodable {
    let expectedVersion: Int
    let note: String
}
