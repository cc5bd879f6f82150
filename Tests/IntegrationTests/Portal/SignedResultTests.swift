import Crypto
import Foundation
import TestSupport
import Testing
import X509

/// Signed electronic results: approval signs, anyone verifies, tampering and revocation show,
/// the result joins the citizen's store and is reused by the next dossier.
@Suite("Signed results")
struct SignedResultTests {
    /// Takes a paid-for dossier through submission (refused until its result is attached), approval and return.
    static func finish(_ api: APIClient, _ code: String, version: Int, result: [UInt8]) async throws -> Int {
        let specialist = try await api.login("chuyenvien.hacthanh")
        let leader = try await api.login("lanhdao.hacthanh")
        let desk = try await api.login("tiepnhan.hacthanh")
        // An online dossier is not submitted for approval without its result (the workflow's `requiredOnline`).
        let refused = try await api.act(specialist, code, "submitForApproval", version: version)
        #expect(refused.errorCode == "result.requiredToSubmit")
        let attach = try await BrowserSession(api).postMultipart(
            "/officer/dossiers/\(code)/result", [:],
            files: [.init(field: "file", name: "ket-qua.pdf", bytes: result)], token: specialist)
        #expect(attach.status == .seeOther)
        var v = try await api.must(specialist, code, "submitForApproval", version: version)
        v = try await api.must(leader, code, "approve", version: v)
        return try await api.must(desk, code, "returnResult", version: v)
    }

    @Test("approval signs the result with the agency's certificate; verification by code, by file, offline", arguments: Backend.available)
    func signAndVerify(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, db in
            let (browser, code) = try await Portal.citizenWithDossier(api)
            let v = try await Portal.toProcessing(api, code)
            let result = Portal.pdf("Trích lục khai sinh số 12/2026")
            _ = try await Self.finish(api, code, version: v, result: result)

            let report = try await api.request(.get, "/api/v1/results/\(code)/verification")
            #expect(report.json["outcome"] as? String == "valid")
            #expect(report.json["agencyId"] as? String == "UB14797.H56")
            // Offline: the chain leads to the provincial authority and the signature covers the file's bytes.
            let chain = try #require(report.json["certificateChain"] as? [String])
            let agency = try Certificate(pemEncoded: chain[0])
            let authority = try Certificate(pemEncoded: chain[1])
            #expect(authority.publicKey.isValidSignature(agency.signature, for: agency))
            #expect(agency.issuer == authority.subject)
            let signature = try #require(report.json[path: "signature.signature"] as? String)
            let der = try #require(Data(base64Encoded: signature))
            let key = try #require(P256.Signing.PublicKey(agency.publicKey))
            #expect(key.isValidSignature(try P256.Signing.ECDSASignature(derRepresentation: der), for: result))
            #expect(!key.isValidSignature(try P256.Signing.ECDSASignature(derRepresentation: der), for: Portal.pdf("other")))

            let same = try await api.request(.post, "/api/v1/results/verify", bytes: result, headers: ["Content-Type": "application/pdf"])
            #expect(same.json["outcome"] as? String == "valid")
            #expect(same.json["code"] as? String == code)
            var altered = result
            altered[12] ^= 1
            let tampered = try await api.request(
                .post, "/api/v1/results/verify?code=\(code)", bytes: altered,
                headers: ["Content-Type": "application/pdf"])
            #expect(tampered.json["outcome"] as? String == "tampered")
            let unknown = try await api.request(
                .post, "/api/v1/results/verify", bytes: altered, headers: ["Content-Type": "application/pdf"])
            #expect(unknown.json["outcome"] as? String == "unknown")
            let page = try await BrowserSession(api).get("/xac-minh-ket-qua?code=\(code)")
            #expect(page.text.contains("Hợp lệ"))

            // The citizen has it in the store, and the leader can revoke it.
            #expect(try await browser.get("/tai-khoan").text.contains("ket-qua.pdf"))
            let officer = BrowserSession(api)
            _ = try await officer.get("/officer/login")
            _ = try await officer.post("/officer/login", ["username": "lanhdao.hacthanh", "password": APIClient.demoPassword])
            _ = try await officer.get("/officer/dossiers/\(code)")
            let revoked = try await officer.post("/officer/dossiers/\(code)/result/revocation", ["reason": "Cấp nhầm thông tin"])
            #expect(revoked.status == .seeOther)
            let after = try await api.request(.get, "/api/v1/results/\(code)/verification")
            #expect(after.json["outcome"] as? String == "revoked")
            #expect(after.json["revokeReason"] as? String == "Cấp nhầm thông tin")
            #expect(try await db.count("signing_keys") == 2)
        }
    }

    @Test("the signed result is reused by the citizen's next dossier, and recorded as reused", arguments: Backend.available)
    func reuse(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: Portal.environment) { api, db in
            let (browser, code) = try await Portal.citizenWithDossier(api)
            let v = try await Portal.toAwaitingPayment(api, code, amount: 8000)
            let checkout = try #require(try await browser.post("/ho-so-cua-toi/\(code)/thanh-toan", [:]).headers[.location])
            let order = try #require(URLComponents(string: checkout)?.queryItems?.first { $0.name == "order" }?.value)
            let paid = try await api.request(.post, "/api/v1/payments/sandbox/callback", json: Portal.notice(order: order, amount: 8000))
            #expect(paid.json["outcome"] as? String == "settled")
            _ = try await Self.finish(api, code, version: v + 1, result: Portal.pdf("result one"))
            let database = try db.open()
            let resultId = try await database.read {
                try await $0.raw("SELECT id FROM documents WHERE kind = 'result'").first()?.decode(column: "id", as: Int64.self)
            }
            await database.shutdown()
            let id = try #require(resultId)
            let second = try await Portal.submitBirth(
                browser, files: [.init(field: "file-1", name: "x.pdf", bytes: Portal.pdf("x"))],
                picks: ["doc-0": String(id)])
            let secondCode = try #require(second.code)
            let page = try await browser.get("/ho-so-cua-toi/\(secondCode)")
            #expect(page.text.contains("dùng lại"))
            let check = try db.open()
            let reused = try await check.read {
                try await $0.raw("SELECT reused FROM dossier_documents WHERE document_id = \(bind: id)").first()?.decode(
                    column: "reused", as: Bool.self)
            }
            await check.shutdown()
            #expect(reused == true)
        }
    }
}
