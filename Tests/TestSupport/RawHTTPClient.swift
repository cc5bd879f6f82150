import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bare HTTP/1.1 client on a POSIX socket, for requests whose body is too large for the test
/// client's buffers and for the order in which a client writes and reads: a browser or curl reads
/// the answer while it is still sending; Python's urllib and many SDKs send the whole body first.
public enum RawHTTPClient {
    /// What came back: the status (nil when none was read), the seconds until it was read, the body
    /// bytes written before then, and the socket error that ended the exchange, if any.
    public struct Outcome: Sendable, CustomStringConvertible {
        public let status: Int?
        public let seconds: Double
        public let bytesSent: Int
        public let error: String?
        public var description: String {
            "status \(status.map(String.init) ?? "none") after \(String(format: "%.3f", seconds)) s, "
                + "\(bytesSent) body bytes sent, error \(error ?? "none")"
        }
    }

    /// Sends `head` (the request line and headers, without the blank line), then `prefix`,
    /// `fillerCount` bytes repeating `filler`, and `suffix`; reads the status line.
    /// `readWhileSending`: stop sending as soon as an answer arrives (a browser); otherwise send
    /// everything first (urllib). Nothing waits longer than `timeout` seconds.
    public static func exchange(
        port: Int, head: String, prefix: [UInt8] = [], filler: [UInt8] = Array("-".utf8), fillerCount: Int, suffix: [UInt8] = [],
        readWhileSending: Bool, timeout: Double = 10
    ) async -> Outcome {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    returning: run(
                        port: port, head: head, prefix: prefix, filler: filler, fillerCount: fillerCount, suffix: suffix,
                        readWhileSending: readWhileSending, timeout: timeout))
            }
            thread.start()
        }
    }

    private static func run(
        port: Int, head: String, prefix: [UInt8], filler: [UInt8], fillerCount: Int, suffix: [UInt8], readWhileSending: Bool,
        timeout: Double
    ) -> Outcome {
        let start = Date()
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return Outcome(status: nil, seconds: 0, bytesSent: 0, error: "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return Outcome(status: nil, seconds: 0, bytesSent: 0, error: "connect") }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let elapsed = { Date().timeIntervalSince(start) }

        // The body as a stream of chunks, generated as it is sent.
        var chunk = [UInt8]()
        while chunk.count < 64 * 1024 { chunk += filler }
        let total = prefix.count + fillerCount + suffix.count
        var pending = Array((head + "\r\nContent-Length: \(total)\r\n\r\n").utf8) + prefix
        var fillerLeft = fillerCount
        var suffixSent = false
        var sent = 0
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var sending = true

        func status() -> Int? {
            guard let text = String(bytes: answer, encoding: .isoLatin1), let end = text.range(of: "\r\n") else { return nil }
            let parts = text[..<end.lowerBound].split(separator: " ")
            return parts.count >= 2 ? Int(parts[1]) : nil
        }

        while elapsed() < timeout {
            if sending && pending.isEmpty {
                if fillerLeft > 0 {
                    let n = min(fillerLeft, chunk.count)
                    pending = Array(chunk[0..<n])
                    fillerLeft -= n
                } else if !suffixSent {
                    pending = suffix
                    suffixSent = true
                } else {
                    sending = false
                }
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if sending && !pending.isEmpty { poller.events |= Int16(POLLOUT) }
            if sending && !readWhileSending { poller.events = Int16(POLLOUT) }
            _ = poll(&poller, 1, 50)
            if poller.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 && (!sending || readWhileSending) {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n > 0 {
                    answer += buffer[0..<n]
                    if let code = status() { return Outcome(status: code, seconds: elapsed(), bytesSent: sent, error: nil) }
                } else if n == 0 {
                    return Outcome(status: status(), seconds: elapsed(), bytesSent: sent, error: "closed before an answer")
                } else if errno != EAGAIN {
                    return Outcome(status: status(), seconds: elapsed(), bytesSent: sent, error: "recv errno \(errno)")
                }
            }
            if sending && !pending.isEmpty && poller.revents & Int16(POLLOUT | POLLERR | POLLHUP) != 0 {
                let n = pending.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n > 0 {
                    pending.removeFirst(n)
                    sent += n
                } else if n < 0 && errno != EAGAIN {
                    return Outcome(status: nil, seconds: elapsed(), bytesSent: sent, error: "send errno \(errno)")
                }
            }
        }
        return Outcome(status: status(), seconds: elapsed(), bytesSent: sent, error: "timed out")
    }
}
