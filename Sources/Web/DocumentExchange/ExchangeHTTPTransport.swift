import Domain
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts packages to peers over HTTP(S) as `application/xml`. A 2xx answer is delivery; a 4xx other than 408 and 429 is a
/// refusal for good, its reason the English message of the peer's error answer (or its status line); anything else is retried.
public struct ExchangeHTTPTransport: ExchangeTransport {
    let timeout: TimeInterval

    public init(timeout: TimeInterval = 30) { self.timeout = timeout }

    public func post(_ bytes: [UInt8], to endpoint: String) async throws {
        guard let url = URL(string: endpoint) else { throw ExchangeDeliveryError.refused(status: 0, reason: "bad endpoint \(endpoint)") }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/xml; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(bytes)
        let (body, response): (Data, URLResponse)
        do {
            (body, response) = try await OutgoingHTTP.session.data(for: request)
        } catch let error as URLError {
            throw ExchangeDeliveryError.unreachable("URLError \(error.code.rawValue)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if (200..<300).contains(status) { return }
        if (400..<500).contains(status) && status != 408 && status != 429 {
            throw ExchangeDeliveryError.refused(status: status, reason: Self.reason(body) ?? "HTTP \(status)")
        }
        throw ExchangeDeliveryError.failed(status: status)
    }

    /// The code and English message of an error answer (`{"error": {"code", "messageEn"}}`).
    static func reason(_ body: Data) -> String? {
        guard let error = (try? JSONDecoder().decode(ErrorAnswer.self, from: body))?.error else { return nil }
        return error.messageEn.map { "\(error.code): \($0)" } ?? error.code
    }

    /// A peer's error answer, as Motcua writes it: only the code and the English message are read.
    struct ErrorAnswer: Decodable {
        struct Body: Decodable {
            let code: String
            let messageEn: String?
        }
        let error: Body
    }
}
