import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The HTTP client of the server's own requests (payment notices, gateway webhooks): redirects are
/// never followed, so an answer cannot send the server to another address.
enum OutgoingHTTP {
    static let session = URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)

    /// No cookies or cache; a gateway that does not answer within 10 s is given up on (the outbox
    /// retries its messages; a payment notice is also confirmed by the gateway's return); more than
    /// the default six connections per host, since every gateway of a province may sit on one host.
    static var configuration: URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        configuration.httpMaximumConnectionsPerHost = 32
        return configuration
    }

    /// Answers every redirect with "do not follow": the 3xx answer itself is returned.
    final class RefuseRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }
}
