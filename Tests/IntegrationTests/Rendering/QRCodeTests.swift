import Crypto
import Testing

@testable import Web

/// The QR encoder against another implementation: the `qrcode` package from PyPI (8.2), asked for
/// the same text, level M and mask, gives the same modules. Each expected value is the SHA-256 of
/// that package's matrix written as rows of 0 and 1 joined by newlines, computed with (byte mode
/// forced: left to itself the package writes a dossier code in alphanumeric mode, also valid):
///
///     q = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=MASK)
///     q.add_data(QRData(TEXT.encode(), mode=MODE_8BIT_BYTE)); q.make(fit=True)
///     rows = "\n".join("".join("1" if b else "0" for b in r) for r in q.get_matrix())
///     hashlib.sha256(rows.encode()).hexdigest()
@Suite("QR codes")
struct QRCodeTests {
    static let cases: [(text: String, mask: Int, version: Int, sha256: String)] = [
        (
            "https://motcua.example.vn/tra-cuu?code=MC14797.H56-261207-0001", 2, 4,
            "72ba95e50e1f04e6b10c0279d4ef33bfdc662b2f0c000bc690c8e8e8f451f848"
        ),
        ("MC14797.H56-261207-0001", 5, 2, "3bd130209fab72e60f167eff72dcf3ca454281e7f94ae015f1ccc494b6ccb2ba"),
        ("Đăng ký khai sinh", 0, 2, "1bac22246ad0ffea8e081e45376602c7a27136622fddb258a88d013118e09b76"),
        (String(repeating: "x", count: 150), 7, 8, "b768b07c6269a8395688a24e9baee645ccbe42bde97e2a34ef0c440783645e3a"),
        (
            "https://dichvucong.thanhhoa.gov.vn/tra-cuu?code=MC14797.H56-261207-0001&lang=en", 4, 5,
            "cf0e392fc066e4a22e0f99770b36bd107bd997d6a88ccdf4b0b8d8f6346a6664"
        ),
        (String(repeating: "y", count: 200), 3, 10, "4b42757371205610213d4758e6d23d7fad51e9d6c4ae0709751ef2289b4b93e9"),
        ("Phường Hạc Thành, tỉnh Thanh Hóa", 1, 3, "f2e147e3a688af75a4741c893ece9da6d3db2d4d7b96b100292f1b452137a97d"),
        ("https://motcua.example.vn/phan-anh/12345", 6, 3, "b502ab4f55d96721a969e40c9fdc435bd19981886a785e7b3acac1b7a29c5b8e"),
    ]

    @Test("the modules equal the qrcode package's for versions 2 to 10 (version information from 7) and every kind of mask")
    func sameAsAnotherEncoder() throws {
        for example in Self.cases {
            let code = try #require(QRCode(example.text, mask: example.mask))
            #expect(code.size == 17 + 4 * example.version, "\(example.text.prefix(20))")
            let rows = code.modules.map { row in String(row.map { $0 ? "1" : "0" }) }.joined(separator: "\n")
            let digest = SHA256.hash(data: Array(rows.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(digest == example.sha256, "\(example.text.prefix(20)) mask \(example.mask)")
        }
    }

    @Test("a text longer than version 10 holds is refused; the SVG escapes its label and draws the quiet zone")
    func limitsAndSVG() throws {
        #expect(QRCode(String(repeating: "y", count: 213)) != nil)
        #expect(QRCode(String(repeating: "y", count: 214)) == nil)
        let code = try #require(QRCode("MC14797.H56-261207-0001"))
        let svg = code.svg(label: "Mã \"tra cứu\" <hồ sơ>")
        #expect(svg.contains("viewBox=\"0 0 33 33\""))
        #expect(svg.contains("aria-label=\"Mã &quot;tra cứu&quot; &lt;hồ sơ&gt;\""))
        #expect(svg.contains("M4 4h1v1h-1z"))  // the top-left finder's corner, after the four-module margin
    }
}
