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
        request.httpBody = try JSONSerialization.data(withJSONObject: Self.fields(record), options: [.sortedKeys])
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

    static func idempotencyKey(_ record: PortalSyncRecord) -> String { "\(record.dossierCode)-\(record.sequence)" }

    /// The record in the portal's field names (docs/integrations.md); times as `yyyyMMddHHmmss` in Vietnam's time (UTC+7),
    /// the due date as the end of its day; a date not yet known is left out.
    static func fields(_ r: PortalSyncRecord) -> [String: Any] {
        var fields: [String: Any] = [
            "MaHoSo": r.dossierCode, "MaTTHC": r.procedureCode, "TrangThaiHoSo": r.nationalStatus, "SoThuTu": r.sequence,
            "ThoiDiemCapNhat": stamp(r.occurredAt), "IdempotencyKey": idempotencyKey(r),
        ]
        if let at = r.receivedAt { fields["NgayTiepNhan"] = stamp(at) }
        if let due = r.dueDate { fields["NgayHenTra"] = due.iso.replacingOccurrences(of: "-", with: "") + "235959" }
        if let at = r.resolvedAt { fields["NgayKetThucXuLy"] = stamp(at) }
        if let at = r.finishedAt { fields["NgayTra"] = stamp(at) }
        return fields
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
