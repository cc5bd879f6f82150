import Domain
import Foundation
import Hummingbird

/// `POST /ho-so-cua-toi/{code}/bo-sung`: the citizen answers the supplement request of their
/// dossier ("Nộp bổ sung") with new files and documents of their store and a short message.
/// The dossier is looked up (another's: 404) before the body is read and its state checked (not
/// waiting: 409) before any file is stored; a retry of the same form changes nothing and lands on
/// the same page; a refused file or an empty answer shows the dossier page again with the reason.
struct SupplementController: Sendable {
    let portal: PortalService
    /// Renders the dossier page again with the reason of a refused answer.
    let dossierPages: MyDossierController
    let uploads: UploadPolicy
    let settings: WebSettings
    let clock: Clock

    /// File inputs of the answer form (`file-0` to `file-2` in `my-dossier`).
    static let fileInputs = 3

    func addRoutes(to groups: RouteGroups) {
        groups.citizens.on(Routes.myDossierSupplement, .post, answer)
    }

    @Sendable func answer(_ request: Request, _ context: CitizenRequestContext) async throws -> Response {
        let citizen = context.citizen
        let dossier = try await portal.dossier(code: try context.parameter("code"), of: citizen)
        let done = Response.redirect(to: Routes.myDossier.link(dossier.code) + "?supplemented=1", type: .normal)
        do {
            let form = try await MultipartForm.read(request, settings: settings, files: Self.fileInputs)
            let key = form.fields["supplementKey"] ?? ""
            guard !key.isEmpty, key.count <= 100 else { throw DomainError.invalid("supplementKey") }
            if try await portal.answered(dossier, submissionKey: key) { return done }
            guard try await portal.awaitsSupplement(dossier) else { throw DomainError.conflict("supplement.notRequested") }
            // Every file checked (type, size, the citizen's quota) and the answer as a whole before the first file is stored.
            let files = (0..<Self.fileInputs).compactMap { form.file("file-\($0)") }
            for file in files { _ = try uploads.check(file) }
            try await uploads.checkQuota(files, citizenId: citizen.id)
            var links = form.parts.filter { $0.name == "pick" && $0.fileName == nil }.compactMap {
                Int64(String(decoding: $0.bytes, as: UTF8.self)).map { SupplementDocument(documentId: $0, reused: true) }
            }
            let message = (form.fields["message"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            try SupplementResponse.validate(message: message, documents: links.count + files.count)
            let title = "Bổ sung hồ sơ \(dossier.code)"
            for file in files {
                let stored = try await uploads.store(file, title: title, citizenId: citizen.id, now: clock.now())
                links.append(SupplementDocument(documentId: stored.id, reused: false))
            }
            _ = try await portal.answerSupplement(
                code: dossier.code, by: citizen, message: message, documents: links, submissionKey: key, address: context.clientAddress)
            return done
        } catch let error as DomainError where [.invalid, .payloadTooLarge, .unsupportedMediaType].contains(error.kind) {
            return try await dossierPages.page(
                dossier, context, supplementError: dossierPages.pages.message(error, context), status: error.kind.status)
        }
    }
}
