import Domain
import Foundation
import Hummingbird
import NIOCore

/// JSON in and out of the API: ISO 8601 instants, sorted keys; bodies read with a size limit and
/// decoding failures turned into 400s that name the field.
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(iso8601(date))
        }
        return e
    }()

    /// `2026-11-22T05:08:00Z`: what the `.iso8601` strategy writes, by integer arithmetic (the
    /// formatter behind that strategy is a measurable share of a tracking answer).
    static func iso8601(_ date: Date) -> String {
        // Like Foundation's formatter: to the nearest millisecond, then the whole seconds.
        let seconds = Int(((date.timeIntervalSince1970 * 1000).rounded() / 1000).rounded(.down))
        let (day, minute) = LocalDate.local(Date(timeIntervalSince1970: Double(seconds)), utcOffsetSeconds: 0)
        let second = ((seconds % 60) + 60) % 60
        guard (0...9999).contains(day.year) else { return ISO8601DateFormatter().string(from: date) }
        return String(unsafeUninitializedCapacity: 20) { b in
            LocalDate.writeDigits(day.year, 4, into: b, at: 0)
            b[4] = UInt8(ascii: "-")
            LocalDate.writeDigits(day.month, 2, into: b, at: 5)
            b[7] = UInt8(ascii: "-")
            LocalDate.writeDigits(day.day, 2, into: b, at: 8)
            b[10] = UInt8(ascii: "T")
            LocalDate.writeDigits(minute / 60, 2, into: b, at: 11)
            b[13] = UInt8(ascii: ":")
            LocalDate.writeDigits(minute % 60, 2, into: b, at: 14)
            b[16] = UInt8(ascii: ":")
            LocalDate.writeDigits(second, 2, into: b, at: 17)
            b[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    /// Reads and decodes a JSON body of at most `limit` bytes.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw DomainError(.payloadTooLarge, "http.payloadTooLarge", ["limit": String(limit)])
        }
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw DomainError(.invalid, "http.jsonRequired")
        }
        try NULCharacters.refuseInJSON(buffer.readableBytesView)
        do {
            return try decoder.decode(T.self, from: Data(buffer: buffer))
        } catch let DecodingError.keyNotFound(key, context) {
            throw DomainError.invalid(path(context.codingPath + [key]), "missingField")
        } catch let DecodingError.typeMismatch(_, context) {
            throw DomainError.invalid(path(context.codingPath), "wrongType")
        } catch let DecodingError.valueNotFound(_, context) {
            throw DomainError.invalid(path(context.codingPath), "missingField")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw DomainError.invalid(path(context.codingPath), "invalidField")
        } catch {
            throw DomainError(.invalid, "http.malformedJSON")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// A JSON response.
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = try encoder.encode(value)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
