import Domain
import Hummingbird
import NIOCore

/// The parts of a `multipart/form-data` body (RFC 7578): text fields and files.
struct MultipartForm: Sendable {
    /// One part: its field name, file name (for files) and bytes.
    struct Part: Sendable {
        let name: String
        let fileName: String?
        let bytes: [UInt8]
    }

    let parts: [Part]

    /// Parses `buffer` with the boundary of `contentType`; nil when the body is malformed.
    init?(buffer: ByteBuffer, contentType: String) {
        guard let boundaryRange = contentType.range(of: "boundary=") else { return nil }
        var boundary = String(contentType[boundaryRange.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingCharacters(in: .init(charactersIn: "\" "))
        guard !boundary.isEmpty, boundary.count <= 70 else { return nil }
        let body = Array(buffer.readableBytesView)
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        var cursor = Self.find(delimiter, in: body, from: 0)
        while let start = cursor {
            var index = start + delimiter.count
            if body.count >= index + 2, body[index] == 0x2D, body[index + 1] == 0x2D { break }  // closing "--"
            guard body.count >= index + 2, body[index] == 0x0D, body[index + 1] == 0x0A else { return nil }
            index += 2
            guard let headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: index),
                let next = Self.find([0x0D, 0x0A] + delimiter, in: body, from: headerEnd + 4)
            else { return nil }
            let headers = String(decoding: body[index..<headerEnd], as: UTF8.self)
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                let name = Self.parameter("name", in: String(disposition))
            else { return nil }
            parts.append(
                Part(
                    name: name, fileName: Self.parameter("filename", in: String(disposition)),
                    bytes: Array(body[(headerEnd + 4)..<next])))
            cursor = next + 2
        }
        self.parts = parts
    }

    /// Reads the multipart body of `request`, within the upload limits of `settings`.
    static func read(_ request: Request, settings: WebSettings) async throws -> MultipartForm {
        guard request.isMultipart else { throw DomainError(.unsupportedMediaType, "upload.notMultipart") }
        var copy = request
        let buffer: ByteBuffer
        do { buffer = try await copy.collectBody(upTo: settings.maxUploadRequestBytes) } catch {
            throw DomainError(.payloadTooLarge, "upload.tooLarge", ["limit": String(settings.maxUploadBytes / (1 << 20))])
        }
        guard let form = MultipartForm(buffer: buffer, contentType: request.headers[.contentType] ?? "") else {
            throw DomainError.invalid("body", "upload.malformed")
        }
        return form
    }

    /// The text of the field `name` (trimmed; nil when absent or empty).
    func field(_ name: String) -> String? {
        guard let part = parts.last(where: { $0.name == name && $0.fileName == nil }) else { return nil }
        let text = String(decoding: part.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The file sent as `name`, when one was chosen.
    func file(_ name: String) -> Part? {
        parts.first { $0.name == name && $0.fileName != nil && !($0.fileName?.isEmpty ?? true) && !$0.bytes.isEmpty }
    }

    /// The text fields as a form.
    var fields: FormData {
        FormData(
            fields: Dictionary(
                parts.filter { $0.fileName == nil }.map { ($0.name, String(decoding: $0.bytes, as: UTF8.self)) },
                uniquingKeysWith: { _, last in last }))
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

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
