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

    /// Found by schemathesis on PostgreSQL: a catalogue import with a NUL in a code answered 500
    /// (the server cannot store U+0000 in text); SQLite stored it. Both now refuse it with a 400.
    @Test("a NUL character in JSON or CSV is refused with a 400; paths and queries never 500", arguments: Backend.available)
    func nulCharacters(_ backend: Backend) async throws {
        try await withApp(backend) { api, db in
            let admin = try await api.login("quantri")
            let json = #"{"fields":[{"code":"X\u0000","name":"a","nameEn":"a"}],"procedures":[]}"#
            let imported = try await api.request(.post, "/api/v1/catalogue/import?format=json", token: admin, raw: json)
            #expect(imported.status == .badRequest && imported.errorCode == "http.nulCharacter", "\(imported.text)")
            let escaped = #"{"fields":[{"code":"X\\u0000","name":"a","nameEn":"a"}],"procedures":[]}"#
            let backslash = try await api.request(.post, "/api/v1/catalogue/import?format=json", token: admin, raw: escaped)
            #expect(backslash.errorCode != "http.nulCharacter", "an escaped backslash is not a NUL: \(backslash.text)")
            let csv = try await api.request(
                .post, "/api/v1/catalogue/import?format=csv", token: admin, raw: "code,name\nX\u{0},a\n",
                headers: ["Content-Type": "text/csv"])
            #expect(csv.status == .badRequest && csv.errorCode == "http.nulCharacter", "\(csv.text)")
            var note = Fixtures.receipt()
            note["note"] = "a\u{0}b"
            let desk = try await api.login("tiepnhan.hacthanh")
            let receipt = try await api.request(.post, "/api/v1/dossiers", token: desk, json: note)
            #expect(receipt.status == .badRequest && receipt.errorCode == "http.nulCharacter", "\(receipt.text)")
            for path in ["/api/v1/tracking/MC%00X", "/api/v1/procedures?q=a%00b", "/api/v1/results/MC%00X/verification"] {
                let answer = try await api.request(.get, path)
                #expect(answer.status.code < 500, "\(path): \(answer.status) \(answer.text)")
            }
            #expect(try await db.count("dossiers") == 0)
        }
    }
}
