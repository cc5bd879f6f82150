import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IP address (IPv4, or IPv6 with IPv4-mapped addresses taken as IPv4) as bytes, parsed once.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 (IPv6).
    public let bytes: [UInt8]

    /// The address of `text` (`203.0.113.7`, `2001:db8::1`, `[2001:db8::1]`), or nil.
    public init?(_ text: some StringProtocol) {
        var text = String(text).trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            let all = withUnsafeBytes(of: &v6) { Array($0) }
            bytes = all.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] ? Array(all.suffix(4)) : all
        } else {
            return nil
        }
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    public var isIPv4: Bool { bytes.count == 4 }

    /// Loopback: 127.0.0.0/8 or ::1.
    public var isLoopback: Bool { isIPv4 ? bytes[0] == 127 : bytes == Array(repeating: 0, count: 15) + [1] }

    /// The usual text form (`2001:db8::1`).
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var copy = bytes
        let family = isIPv4 ? AF_INET : AF_INET6
        guard inet_ntop(family, &copy, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// What rate limits count: an IPv4 address itself, an IPv6 address's /64 (one subscriber's network).
    public var limitKey: String {
        isIPv4 ? description : IPAddress(bytes: Array(bytes.prefix(8)) + Array(repeating: 0, count: 8)).description + "/64"
    }
}

/// A CIDR block (`10.0.0.0/8`, `fd00::/8`; a bare address is a block of one).
public struct CIDRBlock: Sendable, Hashable {
    let network: IPAddress
    let prefix: Int

    /// The block of `text`, or nil when it is not one.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = IPAddress(first) else { return nil }
        let bits = address.bytes.count * 8
        let prefix = parts.count == 2 ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : bits
        guard let prefix, (0...bits).contains(prefix) else { return nil }
        self.network = address
        self.prefix = prefix
    }

    /// Whether `address` lies in the block.
    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var left = prefix
        for (a, b) in zip(address.bytes, network.bytes) where left > 0 {
            let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
            if a & mask != b & mask { return false }
            left -= 8
        }
        return true
    }
}

/// The proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`, empty by default).
public struct TrustedProxies: Sendable {
    let blocks: [CIDRBlock]

    /// No proxy is trusted: the client is always the peer.
    public static let none = TrustedProxies(blocks: [])

    init(blocks: [CIDRBlock]) { self.blocks = blocks }

    /// The blocks of a comma-separated list; nil when an entry is not a CIDR block.
    public init?(list: String) {
        var blocks: [CIDRBlock] = []
        for entry in list.split(separator: ",") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let block = CIDRBlock(entry.trimmingCharacters(in: .whitespaces)) else { return nil }
            blocks.append(block)
        }
        self.blocks = blocks
    }

    func trusts(_ address: IPAddress) -> Bool { blocks.contains { $0.contains(address) } }

    /// The client of a request from `peer` carrying `forwardedFor` (every `X-Forwarded-For` value,
    /// in order): the right-most forwarded address that is not a trusted proxy, believed only when
    /// the peer is one; otherwise the peer.
    public func client(peer: IPAddress?, forwardedFor: [String]) -> IPAddress? {
        guard var client = peer, trusts(client) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { break }
            client = address
            if !trusts(address) { break }
        }
        return client
    }
}
