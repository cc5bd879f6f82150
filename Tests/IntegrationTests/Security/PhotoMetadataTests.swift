import Domain
import Foundation
import TestSupport
import Testing

/// Issue 16 item 12: publishing a photo fails closed. Every APPn segment but JFIF and the ICC
/// profile goes, nothing after the first image's EOI is kept, PNG keeps its critical chunks only,
/// and a photo that cannot be parsed is refused rather than published as sent.
@Suite("Photo metadata")
struct PhotoMetadataTests {
    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
    }

    @Test("a JPEG loses Exif GPS, XMP, IPTC and comments, and keeps JFIF and the image")
    func jpegMetadata() throws {
        let photo = CraftedPhotos.jpeg(CraftedPhotos.exifGPS + CraftedPhotos.xmp + CraftedPhotos.iptc + CraftedPhotos.comment)
        let published = try PhotoMetadata.stripped(photo)
        #expect(published == CraftedPhotos.clean)
        #expect(!Self.contains(published, "GPS"))
    }

    @Test("an MPF JPEG loses its index and the secondary image after the first EOI, with its GPS")
    func multiPicture() throws {
        let published = try PhotoMetadata.stripped(CraftedPhotos.multiPicture)
        #expect(published == CraftedPhotos.clean)
        #expect(!Self.contains(published, "GPS") && !Self.contains(published, "MPF"))
    }

    @Test("the ICC profile is kept: colours display as taken")
    func iccKept() throws {
        let icc = CraftedPhotos.segment(0xE2, Array("ICC_PROFILE\0".utf8) + [1, 1, 0, 0, 0, 0])
        #expect(try PhotoMetadata.stripped(CraftedPhotos.jpeg(icc)) == CraftedPhotos.jpeg(icc))
    }

    @Test("a PNG keeps IHDR, IDAT and IEND only: tEXt, eXIf, tIME, iTXt, zTXt, private chunks and trailing bytes go")
    func pngChunks() throws {
        let published = try PhotoMetadata.stripped(CraftedPhotos.pngWithMetadata)
        #expect(published == CraftedPhotos.cleanPNG)
        #expect(!Self.contains(published, "GPS"))
    }

    @Test(
        "a photo that cannot be parsed is refused, not published as sent",
        arguments: [
            ("truncated JPEG", Array(CraftedPhotos.jpeg(CraftedPhotos.exifGPS).prefix(40))),
            ("JPEG cut inside its scan", Array(CraftedPhotos.jpeg(CraftedPhotos.exifGPS).dropLast(2))),
            ("JPEG without a frame", [0xFF, 0xD8] + CraftedPhotos.exifGPS + CraftedPhotos.scan + [0xFF, 0xD9]),
            ("JPEG with garbage between segments", [0xFF, 0xD8] + CraftedPhotos.jfif + [0, 0, 0] + CraftedPhotos.exifGPS),
            ("segment length past the end", [0xFF, 0xD8, 0xFF, 0xE1, 0x10, 0x00, 0x01]),
            ("PNG without IEND", CraftedPhotos.pngSignature + CraftedPhotos.header + CraftedPhotos.data),
            ("PNG with a bad CRC", CraftedPhotos.pngSignature + Array(CraftedPhotos.header.dropLast()) + [0] + CraftedPhotos.data),
            ("zeros after a PNG signature", CraftedPhotos.pngSignature + [UInt8](repeating: 0, count: 32)),
            ("a PDF", Array("%PDF-1.4\n%%EOF\n".utf8)),
        ] as [(String, [UInt8])])
    func refused(_ name: String, _ bytes: [UInt8]) {
        #expect(throws: DomainError.self, "\(name)") { try PhotoMetadata.stripped(bytes) }
    }
}
