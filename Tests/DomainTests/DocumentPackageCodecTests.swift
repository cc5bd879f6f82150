import Domain
import Foundation
import Testing

/// The QCVN 102 packages' codec: a package read back equals the one written, its canonical form does not depend on the
/// formatting it travelled in, and what is not a package (or carries a file over the limit) is refused.
@Suite("Document package codec")
struct DocumentPackageCodecTests {
    static let seal = PackageSeal(signature: "c2lnbmF0dXJl", certificatePEM: "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----")
    static let pdf = Array("%PDF-1.4\n%âãÏÓ\n%%EOF\n".utf8)

    static func package(attachment: [UInt8] = pdf) -> DocumentPackage {
        DocumentPackage(
            packageId: "6f1c2f4e-4a55-4d7e-9a63-0d1f7c1a2b3c", from: ExchangeOrganisation(id: "000.00.00.H56", name: "UBND tỉnh Thanh Hóa"),
            to: [ExchangeOrganisation(id: "000.00.00.H42", name: "UBND tỉnh Hà Tĩnh")], numberSymbol: "45/UBND-VX", place: "Thanh Hóa",
            promulgationDate: LocalDate(iso: "2026-03-02")!, typeCode: "QĐ", typeName: "Quyết định",
            subject: "Về việc giao chỉ tiêu biên chế <năm 2026> & \"kế hoạch\"", signerName: "Nguyễn Văn A", signerPosition: "Chủ tịch",
            dueDate: LocalDate(iso: "2026-03-20"), urgency: .veryUrgent,
            traces: [PackageTrace(organisationId: "000.00.00.H56", at: Date(timeIntervalSince1970: 1_772_700_000))],
            attachments: [PackageAttachment(contentId: "att1", contentType: "application/pdf", name: "qd-45.pdf", bytes: attachment)])
    }

    @Test("a package read back is the package written, with its signature")
    func roundTrip() throws {
        let written = Self.package()
        let read = try DocumentPackageCodec.decodePackage(DocumentPackageCodec.encode(written, seal: Self.seal), maxAttachmentBytes: 1024)
        #expect(read.content == written)
        #expect(read.signature == Self.seal.signature)
        #expect(DocumentPackageCodec.canonical(read.content) == DocumentPackageCodec.canonical(written))
    }

    @Test("the canonical form ignores indentation and prefixes, and changes with any value")
    func canonical() throws {
        let bytes = DocumentPackageCodec.encode(Self.package(), seal: Self.seal)
        let pretty = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "><", with: ">\n  <")
            .replacingOccurrences(of: "edXML:", with: "e:").replacingOccurrences(of: "xmlns:e=", with: "xmlns:e=")
            .replacingOccurrences(of: "xmlns:edXML=", with: "xmlns:e=")
        let read = try DocumentPackageCodec.decodePackage(Array(pretty.utf8), maxAttachmentBytes: 1024)
        #expect(DocumentPackageCodec.canonical(read.content) == DocumentPackageCodec.canonical(Self.package()))
        var changed = Self.package()
        changed.subject += "."
        #expect(DocumentPackageCodec.canonical(changed) != DocumentPackageCodec.canonical(Self.package()))
    }

    @Test("malformed XML, a missing header field, a file over the limit are refused")
    func refusals() throws {
        let bytes = DocumentPackageCodec.encode(Self.package(), seal: Self.seal)
        let text = String(decoding: bytes, as: UTF8.self)
        for broken in [
            String(text.prefix(200)), text.replacingOccurrences(of: "DocumentId>", with: "Id>"), "<!DOCTYPE x [<!ENTITY a \"b\">]><x/>",
            text.replacingOccurrences(of: "<edXML:edXML", with: "<!DOCTYPE edXML:edXML [<!ENTITY a \"b\">]><edXML:edXML"),
        ] {
            #expect(throws: DomainError(.invalid, "exchange.malformed")) {
                try DocumentPackageCodec.decodePackage(Array(broken.utf8), maxAttachmentBytes: 1024)
            }
        }
        let large = DocumentPackageCodec.encode(Self.package(attachment: Self.pdf + Array(repeating: 32, count: 2000)), seal: Self.seal)
        #expect(throws: DomainError(.payloadTooLarge, "exchange.attachmentTooLarge", ["limit": "1"])) {
            try DocumentPackageCodec.decodePackage(large, maxAttachmentBytes: 1024)
        }
    }

    @Test("a status package read back is the status written")
    func status() throws {
        let status = StatusPackage(
            packageId: "6f1c2f4e", senderId: "000.00.00.H56", from: ExchangeOrganisation(id: "000.00.00.H42", name: "UBND tỉnh Hà Tĩnh"),
            code: .refused, description: "Sai nơi nhận", staff: "vanthu", at: Date(timeIntervalSince1970: 1_772_700_000))
        let read = try DocumentPackageCodec.decodeStatus(DocumentPackageCodec.encode(status, seal: Self.seal))
        #expect(read.content == status)
        #expect(ExchangeStatusCode.allCases.map(\.rawValue) == ["-01", "-02", "-03", "-04", "-05", "-06"])
    }

    /// A sealer that takes every certificate (the peer rules are what is tested).
    struct AnyCertificate: PackageSealer {
        func seal(_ bytes: [UInt8], now: Date) async throws -> PackageSeal { DocumentPackageCodecTests.seal }
        func isValid(_ signature: String, over bytes: [UInt8], certificatePEM: String) -> Bool { true }
        func isUsableCertificate(_ pem: String) -> Bool { true }
        func certificatePEM(now: Date) async throws -> String { "" }
    }

    @Test("a peer's endpoint is https, http only in development; its identifier is checked")
    func peers() throws {
        let peer = ExchangePeer(
            organisationId: " 000.00.00.H42 ", name: "Tỉnh B", endpoint: "http://b.example/packages", certificatePEM: "x")
        #expect(try ExchangeRules.validated(peer, sealer: AnyCertificate(), allowsPlainHTTP: true).organisationId == "000.00.00.H42")
        #expect(throws: DomainError.invalid("endpoint", "exchange.badEndpoint")) {
            try ExchangeRules.validated(peer, sealer: AnyCertificate(), allowsPlainHTTP: false)
        }
        var secure = peer
        secure.endpoint = "https://b.example/packages"
        #expect(try ExchangeRules.validated(secure, sealer: AnyCertificate(), allowsPlainHTTP: false).endpoint == secure.endpoint)
        secure.organisationId = "H42/../x"
        #expect(throws: DomainError.invalid("organisationId", "exchange.badOrganisationId")) {
            try ExchangeRules.validated(secure, sealer: AnyCertificate(), allowsPlainHTTP: false)
        }
    }
}
