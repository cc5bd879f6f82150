/// Rebuilds a PNG from its critical chunks (IHDR, PLTE, IDAT, IEND) and the three that change how
/// it displays (tRNS, gAMA, sRGB). Text (tEXt, iTXt, zTXt), Exif (eXIf), time (tIME), private
/// chunks and bytes after IEND are dropped. A chunk with a wrong CRC, an unknown critical chunk or
/// a file cut short throws.
enum PNGCleaner {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let kept: Set<String> = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "sRGB"]

    static func clean(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.starts(with: signature) else { throw PhotoMetadata.unreadable }
        var out = signature
        out.reserveCapacity(bytes.count)
        var i = signature.count
        var hasData = false
        while true {
            guard bytes.count - i >= 12 else { throw PhotoMetadata.unreadable }
            let length = Int(bigEndian32(bytes, i))
            guard length <= bytes.count - i - 12 else { throw PhotoMetadata.unreadable }
            let typeBytes = bytes[(i + 4)..<(i + 8)]
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw PhotoMetadata.unreadable
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            let end = i + 12 + length
            guard CRC32.checksum(bytes[(i + 4)..<(end - 4)]) == bigEndian32(bytes, end - 4) else { throw PhotoMetadata.unreadable }
            guard (i == signature.count) == (type == "IHDR") else { throw PhotoMetadata.unreadable }
            // An unknown critical chunk (upper-case first letter): the image cannot be shown without it.
            let critical = typeBytes.first! < 0x61
            guard kept.contains(type) || !critical else { throw PhotoMetadata.unreadable }
            if type == "IDAT" { hasData = true }
            if kept.contains(type) { out += bytes[i..<end] }
            if type == "IEND" {
                guard hasData else { throw PhotoMetadata.unreadable }
                return out
            }
            i = end
        }
    }

    static func bigEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}

/// The CRC-32 of PNG chunks (ISO 3309, polynomial EDB88320), table driven.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}
