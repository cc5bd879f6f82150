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
                #expect(outcome.seconds < 0.1, "\(outcome)")
                #expect(outcome.bytesSent < 40 << 20, "the server answered before the body was sent: \(outcome)")
            }
            print("tracking lookup during two forged uploads: \(String(format: "%.3f", lookupSeconds)) s")
            #expect(lookup.status.code < 500)
            #expect(lookupSeconds < 0.5)
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
            #expect(json.seconds < 5, "\(json)")
            let form = await RawHTTPClient.exchange(
                port: port, head: "POST /phan-anh/gui HTTP/1.1\r\n" + Self.multipartHead, prefix: Self.filePrefix,
                filler: Self.filler, fillerCount: 50 << 20, suffix: Self.fileSuffix, readWhileSending: false, timeout: 20)
            print("50 MB multipart, whole body first: \(form)")
            #expect(form.status == 403, "\(form)")
            #expect(form.seconds < 5, "\(form)")
            // The server still answers afterwards.
            #expect(try await api.request(.get, "/api/v1/tracking/H56.99-999999-0001").status.code < 500)
        }
    }
}
