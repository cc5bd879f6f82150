import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The outgoing documents' JSON API (`/api/v1/documents/outgoing`): the agency's documents by step, one document, a
/// draft (its metadata as JSON and its PDF file in one multipart body, an `Idempotency-Key` making a retry answer with
/// the draft stored first), comments, submission, review, signature and issue. The same service as the pages: the same
/// rules, one transaction and one audit line per change, documents of other agencies "not found".
struct OutgoingAPIController: Sendable {
    let service: OutgoingDocumentService
    let uploads: UploadPolicy
    let settings: WebSettings
    let clock: Clock

    func addRoutes(to groups: RouteGroups) {
        let officers = groups.officers
        officers.on(Routes.apiOutgoingDocuments, .get, list)
        officers.on(Routes.apiOutgoingDocuments, .post, create)
        officers.on(Routes.apiOutgoingDocument, .get) { _, context in
            try JSONCoding.response(OutgoingDocumentView(try await service.document(try id(context), for: context.officer)))
        }
        officers.on(Routes.apiOutgoingComments, .post) { request, context in
            let body = try await JSONCoding.decode(OutgoingCommentInput.self, from: request, limit: settings.maxBodyBytes)
            return try await act(context) { id in
                try await service.comment(id, text: body.text, by: context.officer, from: context.clientAddress)
            }
        }
        officers.on(Routes.apiOutgoingSubmission, .post) { request, context in
            let body = try await JSONCoding.decode(OutgoingVersionInput.self, from: request, limit: settings.maxBodyBytes)
            return try await act(context) { id in
                try await service.submit(id, expectedVersion: body.expectedVersion, by: context.officer, from: context.clientAddress)
            }
        }
        officers.on(Routes.apiOutgoingReview, .post) { request, context in
            let body = try await JSONCoding.decode(OutgoingReviewInput.self, from: request, limit: settings.maxBodyBytes)
            return try await act(context) { id in
                try await service.review(
                    id, expectedVersion: body.expectedVersion, approve: body.decision == .approve, note: body.reason ?? "",
                    by: context.officer, from: context.clientAddress)
            }
        }
        officers.on(Routes.apiOutgoingSignature, .post) { request, context in
            let body = try await JSONCoding.decode(OutgoingVersionInput.self, from: request, limit: settings.maxBodyBytes)
            return try await act(context) { id in
                try await service.sign(id, expectedVersion: body.expectedVersion, by: context.officer, from: context.clientAddress)
            }
        }
        officers.on(Routes.apiOutgoingIssue, .post) { request, context in
            let body = try await JSONCoding.decode(OutgoingVersionInput.self, from: request, limit: settings.maxBodyBytes)
            return try await act(context) { id in
                _ = try await service.issue(id, expectedVersion: body.expectedVersion, by: context.officer, from: context.clientAddress)
            }
        }
    }

    func id(_ context: OfficerContext) throws -> Int64 {
        guard let id = Int64(try context.parameter("id")) else { throw DomainError.notFound("outgoing.notFound") }
        return id
    }

    /// Runs a step on the document and answers with the document as it now stands.
    func act(_ context: OfficerContext, _ step: (Int64) async throws -> Void) async throws -> Response {
        let id = try id(context)
        try await step(id)
        return try JSONCoding.response(OutgoingDocumentView(try await service.document(id, for: context.officer)))
    }

    /// The agency's documents at the steps `status` names (comma-separated; every step by default), newest first, at most
    /// `limit` (50 by default, 1 to 200).
    @Sendable func list(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let q = request.uri.queryParameters
        var statuses = OutgoingStatus.allCases
        if let raw = q.get("status") {
            statuses = try raw.split(separator: ",", omittingEmptySubsequences: false).map {
                guard let status = OutgoingStatus(rawValue: String($0)) else { throw DomainError.invalid("status") }
                return status
            }
        }
        var limit = 50
        if let raw = q.get("limit") {
            guard let n = Int(raw), (1...200).contains(n) else { throw DomainError.invalid("limit") }
            limit = n
        }
        let found = try await service.documents(at: statuses, limit: limit, for: context.officer)
        return try JSONCoding.response(OutgoingDocumentListView(items: found.map(OutgoingDocumentView.init)))
    }

    /// Drafts a document from a multipart body: `metadata` (JSON) and `file` (the PDF to sign).
    @Sendable func create(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let officer = context.officer
        try OutgoingDocumentRules.checkDraft(by: officer)
        var submissionKey: String?
        if let key = request.headers[DossierAPIController.idempotencyHeader] {
            guard (1...100).contains(key.count), key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
            else { throw DomainError.invalid("Idempotency-Key") }
            submissionKey = "api:\(officer.id):\(key)"
        }
        if let submissionKey, let done = try await service.drafted(submissionKey: submissionKey, by: officer) {
            return try JSONCoding.response(
                OutgoingDocumentView(done), headers: [.location: Routes.apiOutgoingDocument.link(String(done.id))])
        }
        let form = try await MultipartForm.read(request, settings: settings, files: 1)
        let input = try OutgoingDraftInput.decode(form.field("metadata"))
        let content = try await service.check(input.content(agencies: try await service.recipientAgencies(for: officer)), by: officer)
        guard let part = form.file(OutgoingForm.fileField) else { throw DomainError.invalid("file", "outgoing.fileRequired") }
        _ = try uploads.check(part, allowed: [.pdf], wrongType: "outgoing.fileType")
        let file = try await uploads.store(part, title: content.summary, citizenId: nil, now: clock.now())
        let draft = try await service.draft(
            content, file: file, submissionKey: submissionKey, replyTo: input.replyTo, by: officer, from: context.clientAddress)
        return try JSONCoding.response(
            OutgoingDocumentView(draft), status: .created, headers: [.location: Routes.apiOutgoingDocument.link(String(draft.id))])
    }
}
