/// Photo files built byte by byte for the metadata tests: well-formed JPEGs and PNGs with the
/// segments and chunks phones and editors write (Exif GPS, MPF secondary images, PNG text chunks).
public enum CraftedPhotos {
    /// A JPEG marker segment: `FF marker`, the big-endian length (payload + 2), the payload.
    public static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    public static let jfif = segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
    public static let quantisation = segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
    public static let frame = segment(0xC0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0])
    public static let huffman = segment(0xC4, [0x00, 1] + [UInt8](repeating: 0, count: 15) + [0])
    /// The scan header and its entropy-coded data, with a stuffed `FF 00` and a restart marker.
    public static let scan = segment(0xDA, [1, 1, 0x00, 0, 63, 0]) + [0x11, 0x22, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]
    /// An APP1 Exif segment whose text carries a GPS position.
    public static let exifGPS = segment(0xE1, Array("Exif\0\0MM\0*GPSLatitude 19.8066 GPSLongitude 105.7852".utf8))
    /// An APP1 XMP packet with a position.
    public static let xmp = segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta exif:GPSLatitude='19,48N'/>".utf8))
    /// An APP2 MPF index (the secondary image follows the first one's EOI).
    public static let mpf = segment(0xE2, Array("MPF\0II*\0MPEntry".utf8))
    public static let iptc = segment(0xED, Array("Photoshop 3.0\0GPS Thanh Hoa".utf8))
    public static let comment = segment(0xFE, Array("GPS 19.8066,105.7852".utf8))

    /// A well-formed baseline JPEG with `extra` segments after JFIF.
    public static func jpeg(_ extra: [UInt8] = []) -> [UInt8] {
        [0xFF, 0xD8] + jfif + extra + quantisation + frame + huffman + scan + [0xFF, 0xD9]
    }

    /// What publishing must keep of `jpeg(_:)`: the image without any metadata segment.
    public static let clean = jpeg()

    /// A multi-picture JPEG: the first image announces MPF, a second image with Exif GPS follows its EOI.
    public static let multiPicture = jpeg(exifGPS + mpf) + jpeg(exifGPS)

    /// A PNG chunk: length, type, data, CRC-32 of type and data.
    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let n = data.count
        let crc = crc32(body)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + body
            + [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
    }

    public static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    public static let header = chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
    public static let data = chunk("IDAT", [0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00])
    public static let end = chunk("IEND", [])

    /// A PNG with text, Exif, time and private chunks around the image.
    public static let pngWithMetadata =
        pngSignature + header + chunk("tEXt", Array("Comment\0GPS 19.8066,105.7852".utf8))
        + chunk("eXIf", Array("MM\0*GPSLatitude".utf8)) + chunk("tIME", [7, 234, 12, 6, 8, 0, 0])
        + chunk("iTXt", Array("XML:com.adobe.xmp\0\0\0\0\0GPS".utf8)) + chunk("zTXt", Array("Raw\0\0GPS".utf8))
        + chunk("prVt", Array("GPS".utf8)) + data + end + Array("GPS trailing".utf8)

    /// What publishing must keep of `pngWithMetadata`.
    public static let cleanPNG = pngSignature + header + data + end

    /// The CRC-32 of PNG chunks (ISO 3309).
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
