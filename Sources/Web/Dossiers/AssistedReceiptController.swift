import Domain
import Foundation
import Hummingbird

/// Assisted submission at the counter (`POST /officer/receive/assisted/:code`): for a procedure no longer
/// received on paper, the receiving officer submits online on the applicant's behalf, scanning each
/// required document; the dossier is recorded online (channel `assisted`) with the officer on its first event.
struct AssistedReceiptController: Sendable {
    let service: DossierService
    let catalogue: any CatalogueRepository
    let uploads: UploadPolicy
    /// The counter form, shown again with the error.
    let form: OfficerPagesController
    let settings: WebSettings
    let clock: Clock

    func addRoutes(to groups: RouteGroups) {
        groups.counter.on(Routes.receiptAssisted, .post, receive)
    }

    @Sendable func receive(_ request: Request, _ context: ReceivingContext) async throws -> Response {
        let code = try context.parameter("code")
        guard let procedure = try await catalogue.procedure(code: code) else { throw DomainError.notFound("procedure.notFound") }
        let multipart = try await MultipartForm.read(request, settings: settings, files: procedure.documents.count)
        var values = multipart.fields.fields
        values["procedureCode"] = code
        do {
            let f = multipart.fields
            guard let key = f["formKey"], Tokens.wellFormed(key) else { throw DomainError.invalid("formKey") }
            let submission = OnlineSubmission(
                procedureCode: code, communeCode: f["communeCode"],
                applicant: Applicant(
                    fullName: f["fullName"] ?? "", idNumber: f["idNumber"] ?? "", phone: f["phone"] ?? "", email: f["email"],
                    address: f["address"] ?? "", unitCode: f["communeCode"]),
                documents: [], note: f["note"], feeAnswers: try OfficerPagesController.feeAnswers(f))
            let parts = procedure.documents.indices.compactMap { i in multipart.file("scan-\(i)").map { (i, $0) } }
            // Every scan checked, and none missing, before the first is stored.
            for (_, part) in parts { _ = try uploads.check(part) }
            var pending = submission
            pending.documents = parts.map { DossierDocument(requirement: $0.0, documentId: 0, reused: false) }
            try pending.validate(against: procedure)
            var scans: [DossierDocument] = []
            for (index, part) in parts {
                let stored = try await uploads.store(part, title: procedure.documents[index].name, citizenId: nil, now: clock.now())
                scans.append(DossierDocument(requirement: index, documentId: stored.id, reused: false))
            }
            let (dossier, _) = try await service.receiveAssisted(
                submission, scans: scans, by: context.officer, idempotencyKey: "assisted:\(context.officer.id):\(key)")
            return Response.redirect(to: Routes.receiptSlip.link(dossier.code), type: .normal)
        } catch let error as DomainError where error.kind != .forbidden {
            return try await form.receiptForm(context, values: values, error: form.message(error, context), status: error.kind.status)
        }
    }
}
