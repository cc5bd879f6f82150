import Foundation
import TestSupport
import Testing

/// Bad input gets a clear 4xx in Vietnamese and English, and nothing is written.
@Suite("Bad input")
struct BadInputTests {
    @Test("malformed JSON, unknown procedure, wrong types, missing fields, oversized bodies", arguments: Backend.available)
    func receipts(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["MAX_BODY_BYTES": "4096"]) { api, db in
            let desk = try await api.login("tiepnhan.hacthanh")
            var cases: [(String, APIResponse, Int, String)] = []
            func check(_ name: String, _ response: APIResponse, _ status: Int, _ code: String) {
                cases.append((name, response, status, code))
            }
            check(
                "malformed", try await api.request(.post, "/api/v1/dossiers", token: desk, raw: "{\"procedureCode\": "), 400,
                "http.malformedJSON")
            check(
                "unknown procedure", try await api.request(.post, "/api/v1/dossiers", token: desk, json: Fixtures.receipt("9.999999")), 400,
                "procedure.notFound")
            var wrongType = Fixtures.receipt()
            wrongType["channel"] = 7
            check("wrong type", try await api.request(.post, "/api/v1/dossiers", token: desk, json: wrongType), 400, "wrongType")
            check(
                "missing field", try await api.request(.post, "/api/v1/dossiers", token: desk, json: ["procedureCode": Fixtures.birth]),
                400, "missingField")
            var badId = Fixtures.receipt()
            badId["applicant"] = ["fullName": "A", "idNumber": "12345", "phone": "0912345678", "address": "x"]
            check("bad id number", try await api.request(.post, "/api/v1/dossiers", token: desk, json: badId), 400, "invalidField")
            var huge = Fixtures.receipt()
            huge["note"] = String(repeating: "ạ", count: 5000)
            check("oversized", try await api.request(.post, "/api/v1/dossiers", token: desk, json: huge), 413, "http.payloadTooLarge")
            check(
                "not JSON",
                try await api.request(.post, "/api/v1/dossiers", token: desk, raw: "a=1", headers: ["Content-Type": "text/plain"]), 400,
                "http.jsonRequired")
            check(
                "unknown commune", try await api.request(.post, "/api/v1/dossiers", token: desk, json: Fixtures.receipt(commune: "99999")),
                400, "unit.notFound")
            for (name, response, status, code) in cases {
                #expect(response.status.code == status, "\(name): \(response.status) \(response.text)")
                #expect(response.errorCode == code, "\(name): \(response.text)")
                #expect(response.errorMessages.vi?.isEmpty == false && response.errorMessages.en?.isEmpty == false, "\(name)")
                #expect(response.errorMessages.vi != response.errorMessages.en, "\(name)")
            }
            #expect(try await db.count("dossiers") == 0)
            #expect(try await db.count("dossier_events") == 0)
            #expect(try await db.count("dossier_sequences") == 0)
        }
    }

    @Test("bad transitions and queries are refused and change nothing", arguments: Backend.available)
    func transitions(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let desk = try await api.login("tiepnhan.hacthanh")
            let (code, v) = try await api.receive(desk)
            let unknown = try await api.act(desk, code, "teleport", version: v)
            #expect(unknown.status == .badRequest && unknown.errorCode == "transition.unknownAction")
            let stale = try await api.act(desk, code, "forward", version: v + 7)
            #expect(stale.status == .conflict && stale.errorCode == "dossier.staleVersion")
            let wrongState = try await api.act(desk, code, "returnResult", version: v)
            #expect(wrongState.status == .conflict || wrongState.status == .forbidden)
            let stringVersion = try await api.request(
                .post, "/api/v1/dossiers/\(code)/transitions", token: desk, json: ["action": "forward", "expectedVersion": "one"])
            #expect(stringVersion.status == .badRequest && stringVersion.errorCode == "wrongType")
            #expect(try await api.request(.get, "/api/v1/dossiers/not-a-code", token: desk).status == .notFound)
            #expect(try await api.request(.get, "/api/v1/queue?limit=0", token: desk).status == .badRequest)
            #expect(try await api.request(.get, "/api/v1/queue?cursor=%27%3B%20DROP", token: desk).status == .badRequest)
            #expect(try await api.request(.get, "/api/v1/nowhere").status == .notFound)
            #expect(try await db.count("dossier_events") == 1)
            #expect(try await api.dossier(desk, code)[path: "dossier.version"] as? Int == v)
        }
    }
}
