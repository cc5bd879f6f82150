import NIOCore
import Synchronization

/// The address the HTTP server is bound to, recorded when it starts: the platform's own origin in
/// development when `PUBLIC_BASE_URL` is not set (a wildcard bind is reached on the loopback).
public final class BoundAddress: Sendable {
    private let address = Mutex<String?>(nil)

    public init() {}

    /// Records the listening socket's address.
    public func record(_ socket: SocketAddress?) {
        guard let socket, let ip = socket.ipAddress, let port = socket.port else { return }
        let host: String
        switch ip {
        case "0.0.0.0": host = "127.0.0.1"
        case "::", "::0": host = "[::1]"
        default: host = ip.contains(":") ? "[\(ip)]" : ip
        }
        address.withLock { $0 = "http://\(host):\(port)" }
    }

    /// `http://host:port` of the listening socket (the loopback until the server has started).
    public var origin: String { address.withLock { $0 } ?? "http://127.0.0.1" }
}
