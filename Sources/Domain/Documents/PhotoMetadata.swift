/// Removes what a photo says about its taker before it is published: a JPEG's APP1 (Exif, with
/// the GPS position of the phone, and XMP) and APP13 segments and its comments. PNG files carry no
/// position in the chunks phones write, and pass unchanged.
public enum PhotoMetadata {
    public static func stripped(_ bytes: [UInt8]) -> [UInt8] {
        guard MediaType.sniff(bytes) == .jpeg else { return bytes }
        var out: [UInt8] = [0xFF, 0xD8]
        var i = 2
        while i + 4 <= bytes.count, bytes[i] == 0xFF {
            let marker = bytes[i + 1]
            // Start of scan: the rest is image data.
            if marker == 0xDA {
                out += bytes[i...]
                return out
            }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            guard length >= 2, i + 2 + length <= bytes.count else { return bytes }
            let drop = marker == 0xE1 || marker == 0xED || marker == 0xFE
            if !drop { out += bytes[i..<(i + 2 + length)] }
            i += 2 + length
        }
        return i >= bytes.count ? out : bytes
    }
}
