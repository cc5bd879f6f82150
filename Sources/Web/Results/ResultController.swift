import Domain
import Foundation
import Hummingbird

/// Signed results: officers attach the result file; anyone verifies a result, on the public
/// page (by code, with or without the file) or through the API.
struct ResultController: Sendable {
    let results: ResultService
    let uploads: UploadPolicy
    let pages: PageRenderer
    let settings: WebSettings
    let clock: Clock

    func addRoutes(to groups: RouteGroups) {
        groups.officers.on(Routes.dossierResult, .post, attach)
        groups.officers.on(Routes.dossierResultRevocation, .post, revoke)
        groups.open.on(Routes.verify, .get, verifyPage)
        groups.open.on(Routes.verify, .post, verifyUpload)
        groups.open.on(Routes.apiResultVerification, .get, verifyAPI)
        groups.open.on(Routes.apiResultVerify, .post, verifyFileAPI)
    }

    @Sendable func attach(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let code = try context.parameter("code")
        let form = try await MultipartForm.read(request, settings: settings, files: 1)
        guard let file = form.file("file") else { throw DomainError.invalid("file", "required") }
        // Authorised and checked before anything is stored: a refused upload leaves no file behind.
        _ = try await results.mayAttach(to: code, by: context.officer)
        _ = try uploads.check(file)
        let document = try await uploads.store(
            file, title: form.field("title") ?? file.fileName ?? "", citizenId: nil, now: clock.now())
        _ = try await results.attach(document, to: code, by: context.officer, address: context.clientAddress)
        return .redirect(to: Routes.dossier.link(code), type: .normal)
    }

    @Sendable func revoke(_ request: Request, _ context: OfficerContext) async throws -> Response {
        let code = try context.parameter("code")
        let form = try await FormData.read(request, limit: settings.maxBodyBytes)
        try await results.revoke(code: code, reason: form["reason"] ?? "", by: context.officer, address: context.clientAddress)
        return .redirect(to: Routes.dossier.link(code), type: .normal)
    }

    @Sendable func verifyPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let code = request.uri.queryParameters.get("code")?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            return try pages.render(VerifyPage(), context: context)
        }
        return try await render(try await results.verify(code: code, sha256: nil), code: code, context)
    }

    @Sendable func verifyUpload(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await MultipartForm.read(request, settings: settings, files: 1)
        let code = form.field("code")
        guard let file = form.file("file") else {
            guard let code else { throw DomainError.invalid("file", "required") }
            return try await render(try await results.verify(code: code, sha256: nil), code: code, context)
        }
        return try await render(try await results.verify(code: code, sha256: Self.sha256(file.bytes)), code: code ?? "", context)
    }

    func render(_ report: VerificationReport, code: String, _ context: AppRequestContext) async throws -> Response {
        let text = pages.strings.text("verify_\(report.outcome.rawValue)", context.language)
        return try pages.render(VerifyPage(report, code: code, outcomeText: text, english: context.language == .en), context: context)
    }

    @Sendable func verifyAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let sha = request.uri.queryParameters.get("sha256")?.lowercased()
        if let sha, !(sha.count == 64 && sha.allSatisfy(\.isHexDigit)) { throw DomainError.invalid("sha256") }
        return try JSONCoding.response(try await results.verify(code: try context.parameter("code"), sha256: sha))
    }

    /// `POST /api/v1/results/verify`: the file as the body (optionally `?code=`).
    @Sendable func verifyFileAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var copy = request
        let body: ByteBuffer
        do { body = try await copy.collectBody(upTo: settings.maxUploadBytes) } catch {
            throw DomainError(.payloadTooLarge, "upload.tooLarge", ["limit": String(settings.maxUploadBytes / (1 << 20))])
        }
        guard body.readableBytes > 0 else { throw DomainError.invalid("file", "required") }
        let code: String? = request.uri.queryParameters.get("code")
        return try JSONCoding.response(try await results.verify(code: code, sha256: Self.sha256(Array(body.readableBytesView))))
    }

    static func sha256(_ bytes: [UInt8]) -> String { Tokens.sha256Hex(bytes) }
}
