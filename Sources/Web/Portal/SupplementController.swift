import Domain
import Foundation
import Hummingbird

/// `POST /ho-so-cua-toi/{code}/bo-sung`: the citizen answers the supplement request of their
/// dossier ("Nộp bổ sung") with new files and documents of their store and a short message.
/// The dossier is looked up (another's: 404) and its state checked (not waiting: 409) before the
/// body is read; a retry of the same form changes nothing and lands on the same page.
struct SupplementController: Sendable {
    let portal: PortalService
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
        let form = try await MultipartForm.read(request, settings: settings, files: Self.fileInputs)
        let key = form.fields["supplementKey"] ?? ""
        guard !key.isEmpty, key.count <= 100 else { throw DomainError.invalid("supplementKey") }
        if try await portal.answered(dossier, submissionKey: key) { return done }
        guard try await portal.awaitsSupplement(dossier) else { throw DomainError.conflict("supplement.notRequested") }
        // Every file checked (type, size, the citizen's quota) before the first joins the store.
        let files = (0..<Self.fileInputs).compactMap { form.file("file-\($0)") }
        for file in files { _ = try uploads.check(file) }
        try await uploads.checkQuota(files, citizenId: citizen.id)
        let picked = form.parts.filter { $0.name == "pick" && $0.fileName == nil }.compactMap {
            Int64(String(decoding: $0.bytes, as: UTF8.self))
        }
        var links = picked.map { SupplementDocument(documentId: $0, reused: true) }
        guard links.count + files.count <= SupplementResponse.maxDocuments else {
            throw DomainError(.invalid, "supplement.tooMany", ["limit": String(SupplementResponse.maxDocuments)])
        }
        guard !files.isEmpty || !links.isEmpty || !(form.fields["message"] ?? "").allSatisfy(\.isWhitespace) else {
            throw DomainError(.invalid, "supplement.empty")
        }
        let title = "Bổ sung hồ sơ \(dossier.code)"
        for file in files {
            let stored = try await uploads.store(file, title: title, citizenId: citizen.id, now: clock.now())
            links.append(SupplementDocument(documentId: stored.id, reused: false))
        }
        _ = try await portal.answerSupplement(
            code: dossier.code, by: citizen, message: form.fields["message"], documents: links, submissionKey: key,
            address: context.clientAddress)
        return done
    }
}
