import Domain
import Foundation
import MultipartKit
import NIOCore

/// Feeds a multipart body, chunk by chunk, to MultipartKit's streaming parser (linear in the body)
/// and keeps its parts within `Limits`: the first part over a limit stops the reading with 413.
final class MultipartReader {
    /// What one form may carry.
    struct Limits {
        /// Files (parts with a file name and content).
        let files: Int
        /// Bytes of one file.
        let fileBytes: Int
        /// Bytes of all text fields together.
        let fieldBytes: Int
        /// Parts of any kind (file inputs left empty included).
        var maxParts: Int { 64 + files }
        /// Part headers and boundaries.
        static let overheadBytes = 64 << 10

        /// The largest body these limits can produce.
        var totalBytes: Int { files * fileBytes + fieldBytes + Self.overheadBytes }

        /// The refusal of a body over `totalBytes`.
        var tooLarge: DomainError {
            DomainError(.payloadTooLarge, "upload.formTooLarge", ["limit": String(max(1, totalBytes >> 20))])
        }
    }

    private let parser: MultipartParser
    private let limits: Limits
    private var parts: [MultipartForm.Part] = []
    private var headers: [(name: String, value: String)] = []
    private var headerBytes = 0
    private var current: (name: String, fileName: String?)?
    private var bytes: [UInt8] = []
    private var fieldBytes = 0
    private var files = 0
    private var received = 0
    private var failure: DomainError?

    init(boundary: String, limits: Limits) {
        parser = MultipartParser(boundary: boundary)
        self.limits = limits
        parser.onHeader = { [unowned self] name, value in header(name, value) }
        parser.onBody = { [unowned self] chunk in body(&chunk) }
        parser.onPartComplete = { [unowned self] in complete() }
    }

    /// Parses the next `chunk` of the body.
    func feed(_ chunk: ByteBuffer) throws {
        received += chunk.readableBytes
        if received > limits.totalBytes { throw limits.tooLarge }
        do { try parser.execute(chunk) } catch { throw DomainError.invalid("body", "upload.malformed") }
        if let failure { throw failure }
    }

    /// The parts read, once the whole body was fed; a body cut inside a part is malformed.
    func finish() throws -> [MultipartForm.Part] {
        if let failure { throw failure }
        guard current == nil, headers.isEmpty else { throw DomainError.invalid("body", "upload.malformed") }
        return parts
    }

    private func header(_ name: String, _ value: String) {
        headerBytes += name.utf8.count + value.utf8.count
        if headerBytes > Limits.overheadBytes { fail(limits.tooLarge) }
        headers.append((name, value))
    }

    private func body(_ chunk: inout ByteBuffer) {
        guard failure == nil, let part = begin() else { return }
        let size = bytes.count + chunk.readableBytes
        if part.fileName != nil && size > limits.fileBytes {
            return fail(DomainError(.payloadTooLarge, "upload.tooLarge", ["limit": String(max(1, limits.fileBytes >> 20))]))
        }
        if part.fileName == nil && fieldBytes + size > limits.fieldBytes {
            return fail(DomainError(.payloadTooLarge, "http.payloadTooLarge", ["limit": String(limits.fieldBytes)]))
        }
        bytes += chunk.readableBytesView
    }

    private func complete() {
        guard failure == nil, let part = begin() else { return }
        if part.fileName == nil { fieldBytes += bytes.count }
        if part.fileName?.isEmpty == false && !bytes.isEmpty { files += 1 }
        if files > limits.files {
            return fail(DomainError(.payloadTooLarge, "upload.tooManyFiles", ["limit": String(limits.files)]))
        }
        parts.append(MultipartForm.Part(name: part.name, fileName: part.fileName, bytes: bytes))
        if parts.count > limits.maxParts { return fail(limits.tooLarge) }
        current = nil
        headers = []
        bytes = []
    }

    /// The part whose headers were just read, from its `Content-Disposition`.
    private func begin() -> (name: String, fileName: String?)? {
        if let current { return current }
        guard let disposition = headers.last(where: { $0.name.lowercased() == "content-disposition" })?.value,
            let name = Self.parameter("name", in: disposition)
        else {
            fail(DomainError.invalid("body", "upload.malformed"))
            return nil
        }
        current = (name, Self.parameter("filename", in: disposition))
        return current
    }

    private func fail(_ error: DomainError) {
        if failure == nil { failure = error }
    }

    private static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == key {
                return String(pair[1]).trimmingCharacters(in: .init(charactersIn: "\""))
            }
        }
        return nil
    }
}
