import Foundation
import TestSupport
import Testing

/// Request bodies: a forged or oversized upload is refused before it is read, cheaply, and every
/// client gets its answer, also one that sends the whole body before reading (issue 16, items 3 and 4).
@Suite("BodyLimits")
struct BodyLimitsTests {
    static let boundary = "motcuaBoundary7MA4YWxkTrZu0gW"
    static let multipartHead = "Content-Type: multipart/form-data; boundary=\(boundary)\r\nHost: localhost"
    /// A file part whose content keeps a boundary search busy: `\r\n-` over and over.
    static let filePrefix = Array(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"photo-1\"; filename=\"a.jpg\"\r\n\r\n".utf8)
    static let fileSuffix = Array("\r\n--\(boundary)--\r\n".utf8)
    static let filler = Array("\r\n-".utf8)

    @Test("a 40 MB multipart form without a CSRF token is refused at once; tracking stays fast", arguments: Backend.available)
    func forgedUploadRefusedBeforeReading(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let port = try #require(api.port)
            let uploads = (0..<2).map { _ in
                Task {
                    await RawHTTPClient.exchange(
                        port: port, head: "POST /phan-anh/gui HTTP/1.1\r\n" + Self.multipartHead, prefix: Self.filePrefix,
                        filler: Self.filler, fillerCount: 40 << 20, suffix: Self.fileSuffix, readWhileSending: true)
                }
            }
            try await Task.sleep(for: .milliseconds(30))
            let started = Date()
            let lookup = try await api.request(.get, "/api/v1/tracking/H56.99-999999-0001")
            let lookupSeconds = Date().timeIntervalSince(started)
            for upload in uploads {
                let outcome = await upload.value
                print("40 MB forged upload: \(outcome)")
                #expect(outcome.status == 403, "\(outcome)")
                // Alone on an idle machine the answer takes 30 to 70 ms; beside the whole suite on two
                // shared cores, up to several seconds. Before the fix: no answer in 10 s. What tells the
                // fix apart on any machine is that the answer comes before the body is sent.
                #expect(outcome.seconds < 8, "\(outcome)")
                #expect(outcome.bytesSent < 40 << 20, "the server answered before the body was sent: \(outcome)")
            }
            print("tracking lookup during two forged uploads: \(String(format: "%.3f", lookupSeconds)) s")
            #expect(lookup.status.code < 500)
            #expect(lookupSeconds < 8)
        }
    }

    @Test("a client that sends a 50 MB body before reading gets its answer", arguments: Backend.available)
    func wholeBodyFirstClientsGetTheirAnswer(_ backend: Backend) async throws {
        try await withApp(backend) { api, _ in
            let port = try #require(api.port)
            let json = await RawHTTPClient.exchange(
                port: port, head: "POST /api/v1/dossiers HTTP/1.1\r\nContent-Type: application/json\r\nHost: localhost",
                prefix: Array("{\"note\":\"".utf8), filler: Array("x".utf8), fillerCount: 50 << 20, suffix: Array("\"}".utf8),
                readWhileSending: false, timeout: 20)
            print("50 MB JSON, whole body first: \(json)")
            #expect(json.status == 401, "\(json)")
            // Alone: 0.1 to 0.3 s (before the fix 13.8 s); beside the whole suite, up to ten.
            #expect(json.seconds < 12, "\(json)")
            let form = await RawHTTPClient.exchange(
                port: port, head: "POST /phan-anh/gui HTTP/1.1\r\n" + Self.multipartHead, prefix: Self.filePrefix,
                filler: Self.filler, fillerCount: 50 << 20, suffix: Self.fileSuffix, readWhileSending: false, timeout: 20)
            print("50 MB multipart, whole body first: \(form)")
            #expect(form.status == 403, "\(form)")
            #expect(form.seconds < 12, "\(form)")
            // The server still answers afterwards.
            #expect(try await api.request(.get, "/api/v1/tracking/H56.99-999999-0001").status.code < 500)
        }
    }

    @Test("a form with files is read only within its route's limits, and its token is not read from the body", arguments: Backend.available)
    func perRouteLimits(_ backend: Backend) async throws {
        try await withApp(backend, extraEnvironment: ["MAX_UPLOAD_BYTES": "4096"]) { api, _ in
            let browser = BrowserSession(api)
            _ = try await browser.get("/xac-minh-ket-qua")
            let token = try #require(browser.csrf)
            let pdf = Array("%PDF-1.4\n".utf8)
            // The verification form takes one file: a second one is refused.
            let two = try await browser.postMultipart(
                "/xac-minh-ket-qua", [:],
                files: [.init(field: "file", name: "a.pdf", bytes: pdf), .init(field: "other", name: "b.pdf", bytes: pdf)])
            #expect(two.status == .contentTooLarge)
            #expect(two.text.contains("Gửi quá nhiều tệp (tối đa 1 tệp)."))
            // A file over MAX_UPLOAD_BYTES.
            let big = try await browser.postMultipart(
                "/xac-minh-ket-qua", [:], files: [.init(field: "file", name: "a.pdf", bytes: pdf + [UInt8](repeating: 0x20, count: 5000))])
            #expect(big.status == .contentTooLarge)
            #expect(big.text.contains("Tệp quá lớn (tối đa 1 MB)."))
            // Announced larger than the form can be: refused from the headers alone.
            let port = try #require(api.port)
            let announced = await RawHTTPClient.exchange(
                port: port,
                head: "POST /xac-minh-ket-qua?csrf=\(token) HTTP/1.1\r\n" + Self.multipartHead
                    + "\r\nCookie: motcua_csrf=\(token)",
                prefix: Self.filePrefix, filler: Self.filler, fillerCount: 16 << 20, suffix: Self.fileSuffix, readWhileSending: true)
            #expect(announced.status == 413, "\(announced)")
            #expect(announced.bytesSent < 8 << 20, "\(announced)")
            // The token only in the body, as forms with files sent it before: refused unread.
            let cookie = ["Cookie": "motcua_csrf=\(token)", "Content-Type": "multipart/form-data; boundary=\(Self.boundary)"]
            let body = "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n--\(Self.boundary)--\r\n"
            let inBody = try await api.request(.post, "/xac-minh-ket-qua", raw: body, headers: cookie)
            #expect(inBody.status == .forbidden)
            // A malformed body with a good token: 400, not 500.
            let malformed = try await api.request(
                .post, "/xac-minh-ket-qua?csrf=\(token)", raw: "--\(Self.boundary)\r\nno-colon\r\n\r\nx", headers: cookie)
            #expect(malformed.status == .badRequest)
            // Within the limits, the verification form still answers.
            let one = try await browser.postMultipart(
                "/xac-minh-ket-qua", ["code": "H56.99-999999-0001"], files: [.init(field: "file", name: "a.pdf", bytes: pdf)])
            #expect(one.status.code < 500 && one.status != .forbidden && one.status != .contentTooLarge, "\(one.status)")
        }
    }
}
