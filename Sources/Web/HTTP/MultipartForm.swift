import Domain
import Hummingbird
import NIOCore

/// The parts of a `multipart/form-data` body (RFC 7578): text fields and files, read as a stream
/// (`MultipartReader`) within the limits of the route, so that no more than they allow is held.
struct MultipartForm: Sendable {
    /// One part: its field name, file name (for files) and bytes.
    struct Part: Sendable {
        let name: String
        let fileName: String?
        let bytes: [UInt8]
    }

    let parts: [Part]

    /// Reads the multipart body of `request`: at most `files` files of `settings.maxUploadBytes`
    /// each, and text fields of `settings.maxBodyBytes` in all. A body announced or found larger
    /// is refused (413) as soon as that is known, without reading the rest.
    static func read(_ request: Request, settings: WebSettings, files: Int) async throws -> MultipartForm {
        guard request.isMultipart else { throw DomainError(.unsupportedMediaType, "upload.notMultipart") }
        guard let boundary = boundary(of: request.headers[.contentType] ?? "") else {
            throw DomainError.invalid("body", "upload.malformed")
        }
        let limits = MultipartReader.Limits(files: files, fileBytes: settings.maxUploadBytes, fieldBytes: settings.maxBodyBytes)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.totalBytes {
            throw limits.tooLarge
        }
        let reader = MultipartReader(boundary: boundary, limits: limits)
        for try await chunk in request.body { try reader.feed(chunk) }
        return MultipartForm(parts: try reader.finish())
    }

    /// The boundary parameter of a `multipart/form-data` content type (1 to 70 characters).
    static func boundary(of contentType: String) -> String? {
        for piece in contentType.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: .init(charactersIn: "\" "))
            return (1...70).contains(value.count) ? value : nil
        }
        return nil
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
}
