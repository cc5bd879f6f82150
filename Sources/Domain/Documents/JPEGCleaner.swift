/// Rebuilds a JPEG from the segments needed to display its first image: the JFIF header (APP0),
/// the ICC colour profile (APP2 `ICC_PROFILE`), Adobe's colour transform (APP14), the tables, the
/// frame and the scans, up to the first EOI. Every other APPn (Exif and XMP in APP1 with the phone's
/// GPS position, MPF in APP2, IPTC in APP13...), comments, and whatever follows the first EOI
/// (the secondary images of a multi-picture file) are dropped. Anything not well formed throws.
enum JPEGCleaner {
    static func clean(_ bytes: [UInt8]) throws -> [UInt8] {
        let n = bytes.count
        guard n >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw PhotoMetadata.unreadable }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(n)
        var i = 2
        var framed = false
        var scanned = false
        while true {
            guard i + 2 <= n, bytes[i] == 0xFF else { throw PhotoMetadata.unreadable }
            // Fill bytes (FF FF ...) may precede a marker.
            while i + 2 < n, bytes[i + 1] == 0xFF { i += 1 }
            let marker = bytes[i + 1]
            if marker == 0xD9 {
                guard framed, scanned else { throw PhotoMetadata.unreadable }
                return out + [0xFF, 0xD9]
            }
            // Markers without a length (SOI, TEM, RSTn) have no place between segments.
            guard marker != 0xD8, marker != 0x01, !(0xD0...0xD7).contains(marker), i + 4 <= n else { throw PhotoMetadata.unreadable }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            let end = i + 2 + length
            guard length >= 2, end <= n else { throw PhotoMetadata.unreadable }
            let payload = bytes[(i + 4)..<end]
            if marker == 0xDA {
                guard framed else { throw PhotoMetadata.unreadable }
                out += bytes[i..<end]
                let dataEnd = try entropyEnd(bytes, from: end)
                out += bytes[end..<dataEnd]
                scanned = true
                i = dataEnd
                continue
            }
            if isFrame(marker) { framed = true }
            if keeps(marker, payload) { out += bytes[i..<end] }
            i = end
        }
    }

    /// Start of frame: C0-CF except DHT (C4), JPG (C8) and DAC (CC).
    static func isFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    /// Whether a segment is needed to display the image (and says nothing of its taker).
    static func keeps(_ marker: UInt8, _ payload: ArraySlice<UInt8>) -> Bool {
        switch marker {
        case 0xE0: payload.starts(with: Array("JFIF\0".utf8))
        case 0xE2: payload.starts(with: Array("ICC_PROFILE\0".utf8))
        case 0xEE: payload.starts(with: Array("Adobe".utf8))
        case 0xE1...0xEF, 0xFE: false
        default: true
        }
    }

    /// The index of the marker that ends the entropy-coded data starting at `start` (stuffed
    /// `FF 00` and restart markers belong to the data); throws when the file ends first.
    static func entropyEnd(_ bytes: [UInt8], from start: Int) throws -> Int {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == 0xFF {
                let next = bytes[i + 1]
                if next != 0x00 && !(0xD0...0xD7).contains(next) { return i }
                i += 2
            } else {
                i += 1
            }
        }
        throw PhotoMetadata.unreadable
    }
}
