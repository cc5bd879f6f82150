/// A QR code (ISO/IEC 18004) for a short text such as a tracking address, drawn as SVG on the
/// server: byte mode, error correction level M (15 % of the symbol may be lost), versions 1 to 10
/// (up to 213 bytes), the mask with the lowest penalty. Printed receipts carry one so that a phone's
/// camera opens the public tracking page.
struct QRCode: Sendable {
    /// The modules, row by row; `true` is dark.
    let modules: [[Bool]]
    var size: Int { modules.count }

    /// The symbol for `text`, or nil when it does not fit in version 10. `mask` forces a mask
    /// (0 to 7; tests compare with another encoder); otherwise the lowest penalty chooses.
    init?(_ text: String, mask: Int? = nil) {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { 4 + Self.countBits($0) + 8 * bytes.count <= Self.dataCapacity($0) * 8 }) else {
            return nil
        }
        let codewords = Self.interleaved(Self.dataCodewords(bytes, version: version), version: version)
        var grid = QRGrid(version: version)
        grid.place(codewords)
        let masked = (mask.map { [$0] } ?? Array(0..<8)).map { grid.masked($0) }
        modules = masked.min { $0.penalty < $1.penalty }!.modules
    }

    /// An SVG of the symbol with its quiet zone (four modules), scaled by the viewer.
    func svg(label: String) -> String {
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        let side = size + 8
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" class=\"qr\" role=\"img\" "
            + "aria-label=\"\(HTMLEscaping().escapeText(label))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }

    // MARK: data

    /// Error correction codewords per block and the blocks' data lengths, level M, versions 1 to 10.
    static let blocks: [(ec: Int, data: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]), (16, [27, 27, 27, 27]),
        (18, [31, 31, 31, 31]), (22, [38, 38, 39, 39]), (22, [36, 36, 36, 37, 37]), (26, [43, 43, 43, 43, 44]),
    ]

    static func dataCapacity(_ version: Int) -> Int { blocks[version - 1].data.reduce(0, +) }
    static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Mode indicator, length, the bytes, terminator and padding, as codewords.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits = QRBits()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = dataCapacity(version) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var out = bits.bytes
        var pad: UInt8 = 0xEC
        while out.count < capacity / 8 {
            out.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return out
    }

    /// The data split into blocks, each followed by its Reed-Solomon codewords, read column by column.
    static func interleaved(_ data: [UInt8], version: Int) -> [UInt8] {
        let (ecCount, lengths) = blocks[version - 1]
        var start = 0
        var dataBlocks: [[UInt8]] = []
        for length in lengths {
            dataBlocks.append(Array(data[start..<start + length]))
            start += length
        }
        let divisor = ReedSolomon.divisor(degree: ecCount)
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder($0, divisor: divisor) }
        var out: [UInt8] = []
        for i in 0..<(lengths.max() ?? 0) { for block in dataBlocks where i < block.count { out.append(block[i]) } }
        for i in 0..<ecCount { for block in ecBlocks { out.append(block[i]) } }
        return out
    }
}

/// Bits appended most significant first.
private struct QRBits {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
    }
}

/// Reed-Solomon error correction over GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var product = 0
        var x = Int(a)
        var y = Int(b)
        while y > 0 {
            if y & 1 == 1 { product ^= x }
            x <<= 1
            if x & 0x100 != 0 { x ^= 0x11D }
            y >>= 1
        }
        return UInt8(product)
    }

    /// The generator polynomial's coefficients (highest first, the leading 1 left out).
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 2)
        }
        return result
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in result.indices { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}
