import Domain
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How the platform proves itself to the national portal's sync endpoint: a bearer token, or a client id and secret
/// (HTTP Basic), whichever the operator issued.
public enum NationalPortalCredentials: Sendable, Hashable {
    case token(String)
    case client(id: String, secret: String)

    var authorization: String {
        switch self {
        case .token(let token): "Bearer \(token)"
        case .client(let id, let secret): "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()
        }
    }
}

/// Sends a status record to the national portal: a JSON POST of the portal's fields, with
/// `Idempotency-Key: <dossier code>-<sequence>` so that a record sent twice (an instance died before marking it) is dropped.
public struct NationalPortalSender: PortalSyncSender {
    let url: URL
    let credentials: NationalPortalCredentials

    public init(url: URL, credentials: NationalPortalCredentials) {
        self.url = url
        self.credentials = credentials
    }

    public func send(_ record: PortalSyncRecord) async throws {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(Self.idempotencyKey(record), forHTTPHeaderField: "Idempotency-Key")
        request.setValue(credentials.authorization, forHTTPHeaderField: "Authorization")
        request.httpBody = try Self.encoder.encode(Self.fields(record))
        let response: URLResponse
        do {
            (_, response) = try await OutgoingHTTP.session.data(for: request)
        } catch let error as URLError {
            throw NationalPortalSendError.unreachable(error.code.rawValue)
        }
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw NationalPortalSendError.refused((response as? HTTPURLResponse)?.statusCode ?? 0)
        }
    }

    /// Sorted keys, so that the same record is the same bytes on every instance.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func idempotencyKey(_ record: PortalSyncRecord) -> String { "\(record.dossierCode)-\(record.sequence)" }

    /// The record in the portal's field names (docs/integrations.md); times as `yyyyMMddHHmmss` in Vietnam's time (UTC+7),
    /// the due date as the end of its day; a date not yet known is left out.
    static func fields(_ r: PortalSyncRecord) -> NationalPortalStatusRecord {
        NationalPortalStatusRecord(
            dossierCode: r.dossierCode, procedureCode: r.procedureCode, status: r.nationalStatus, sequence: r.sequence,
            updatedAt: stamp(r.occurredAt), idempotencyKey: idempotencyKey(r), receivedAt: r.receivedAt.map(stamp),
            dueAt: r.dueDate.map { $0.iso.replacingOccurrences(of: "-", with: "") + "235959" },
            resolvedAt: r.resolvedAt.map(stamp), returnedAt: r.finishedAt.map(stamp))
    }

    /// `at` as `yyyyMMddHHmmss` at UTC+7.
    static func stamp(_ at: Date) -> String {
        let (date, minute) = LocalDate.local(at, utcOffsetSeconds: 7 * 3600)
        let seconds = Int(at.timeIntervalSince1970.rounded(.down)) % 60
        let time = String(format: "%02d%02d%02d", minute / 60, minute % 60, (seconds + 60) % 60)
        return date.iso.replacingOccurrences(of: "-", with: "") + time
    }
}

/// Why the national portal did not take a record, in the words kept on the record (`lastError`) for administrators.
public enum NationalPortalSendError: Error, CustomStringConvertible {
    /// No answer: the connection failed or timed out (the `URLError` code).
    case unreachable(Int)
    /// The portal answered with a status other than 2xx.
    case refused(Int)

    public var description: String {
        switch self {
        case .unreachable(let code): "the portal could not be reached (URLError \(code))"
        case .refused(let status): "the portal answered HTTP \(status)"
        }
    }
}

/// One status record as the national portal receives it (docs/integrations.md): its field names are the portal's;
/// a date not yet known is left out of the JSON.
struct NationalPortalStatusRecord: Encodable {
    let dossierCode: String
    let procedureCode: String
    let status: Int
    let sequence: Int
    let updatedAt: String
    let idempotencyKey: String
    let receivedAt: String?
    let dueAt: String?
    let resolvedAt: String?
    let returnedAt: String?

    enum CodingKeys: String, CodingKey {
        case dossierCode = "MaHoSo"
        case procedureCode = "MaTTHC"
        case status = "TrangThaiHoSo"
        case sequence = "SoThuTu"
        case updatedAt = "ThoiDiemCapNhat"
        case idempotencyKey = "IdempotencyKey"
        case receivedAt = "NgayTiepNhan"
        case dueAt = "NgayHenTra"
        case resolvedAt = "NgayKetThucXuLy"
        case returnedAt = "NgayTra"
    }
}
