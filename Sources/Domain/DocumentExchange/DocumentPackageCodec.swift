import Foundation

/// A package as read from the wire: the model, and the signature that came with it (checked by the caller
/// against the canonical form, `DocumentPackageCodec.canonical`).
public struct ReceivedPackage<Content: Sendable>: Sendable {
    public var content: Content
    public var signature: String

    public init(content: Content, signature: String) {
        self.content = content
        self.signature = signature
    }
}

/// Writes and reads the edXML packages of QCVN 102:2016/BTTTT (docs/integrations.md, "Document exchange"): the document
/// package and the status package. The signature covers the canonical form: the package written by `canonical` (fixed
/// element order, `edXML:` prefix, no whitespace between elements, text escaped one way), which a reader rebuilds from
/// what it decoded, so that formatting does not matter and any changed value does.
public enum DocumentPackageCodec {
    public static let namespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
    static let signatureNamespace = "http://www.w3.org/2000/09/xmldsig#"
    static let timestampStyle = Date.ISO8601FormatStyle()

    // MARK: document packages

    /// The canonical form of `package`: what is signed.
    public static func canonical(_ package: DocumentPackage) -> [UInt8] {
        Array(root(envelope: envelope(package), extra: attachments(package), signature: nil).utf8)
    }

    /// The package as sent: the XML declaration, the canonical form and the signature.
    public static func encode(_ package: DocumentPackage, seal: PackageSeal) -> [UInt8] {
        Array(
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + root(envelope: envelope(package), extra: attachments(package), signature: seal))
                .utf8)
    }

    /// Reads a document package; throws `exchange.malformed` (400) when it is not one, `exchange.attachmentTooLarge`
    /// (413) when a file exceeds `maxAttachmentBytes`.
    public static func decodePackage(_ bytes: [UInt8], maxAttachmentBytes: Int) throws -> ReceivedPackage<DocumentPackage> {
        guard let root = XMLElementNode.parse(bytes), root.name == "edXML", let header = root.child("edXMLEnvelope")?.child("edXMLHeader"),
            let message = header.child("MessageHeader"), let signature = root.value("Signature", "SignatureValue")
        else { throw malformed }
        let files = try attachments(of: root, maxAttachmentBytes: maxAttachmentBytes)
        guard let packageId = message.value("DocumentId"), let from = organisation(message.child("From")),
            let date = message.value("PromulgationInfo", "PromulgationDate").flatMap(LocalDate.init(iso:)),
            let typeCode = message.value("DocumentType", "TypeDetail"), let subject = message.value("Subject"),
            let number = message.value("Code", "CodeNumber")
        else { throw malformed }
        let recipients = message.all("To").compactMap(organisation)
        guard !recipients.isEmpty, recipients.count == message.all("To").count else { throw malformed }
        let notation = message.value("Code", "CodeNotation")
        let due = message.value("DueDate")
        guard due == nil || due.flatMap(LocalDate.init(iso:)) != nil else { throw malformed }
        let priority = Int(message.value("OtherInfo", "Priority") ?? "0") ?? -1
        guard priority >= 0, priority < DocumentUrgency.allCases.count else { throw malformed }
        let traces = try (header.child("TraceHeaderList")?.all("TraceHeader") ?? []).map { trace in
            guard let id = trace.value("OrganId"), let at = trace.value("Timestamp").flatMap(timestamp) else { throw malformed }
            return PackageTrace(organisationId: id, at: at)
        }
        let package = DocumentPackage(
            packageId: packageId, from: from, to: recipients, numberSymbol: notation.map { "\(number)/\($0)" } ?? number,
            place: message.value("PromulgationInfo", "Place") ?? "", promulgationDate: date, typeCode: typeCode,
            typeName: message.value("DocumentType", "TypeName") ?? "", subject: subject,
            signerName: message.value("SignerInfo", "FullName") ?? "", signerPosition: message.value("SignerInfo", "Position") ?? "",
            dueDate: due.flatMap(LocalDate.init(iso:)), urgency: DocumentUrgency.allCases[priority],
            responseFor: message.value("ResponseFor", "DocumentId"), traces: traces, attachments: files)
        return ReceivedPackage(content: package, signature: signature)
    }

    static func envelope(_ p: DocumentPackage) -> XMLElementNode {
        let split = p.numberSymbol.split(separator: "/", maxSplits: 1).map(String.init)
        var message = [
            XMLElementNode("From", children: organisation(p.from))
        ]
        message += p.to.map { XMLElementNode("To", children: organisation($0)) }
        message += [
            leaf("DocumentId", p.packageId),
            XMLElementNode(
                "Code", children: [leaf("CodeNumber", split.first ?? ""), leaf("CodeNotation", split.count > 1 ? split[1] : "")]),
            XMLElementNode("PromulgationInfo", children: [leaf("Place", p.place), leaf("PromulgationDate", p.promulgationDate.iso)]),
            XMLElementNode("DocumentType", children: [leaf("TypeDetail", p.typeCode), leaf("TypeName", p.typeName)]),
            leaf("Subject", p.subject),
            XMLElementNode("SignerInfo", children: [leaf("Position", p.signerPosition), leaf("FullName", p.signerName)]),
        ]
        if let due = p.dueDate { message.append(leaf("DueDate", due.iso)) }
        message.append(
            XMLElementNode("OtherInfo", children: [leaf("Priority", String(DocumentUrgency.allCases.firstIndex(of: p.urgency) ?? 0))]))
        if let answered = p.responseFor { message.append(XMLElementNode("ResponseFor", children: [leaf("DocumentId", answered)])) }
        let traces = p.traces.map {
            XMLElementNode("TraceHeader", children: [leaf("OrganId", $0.organisationId), leaf("Timestamp", stamp($0.at))])
        }
        let manifest = p.attachments.map {
            XMLElementNode(
                "Reference",
                children: [leaf("ContentId", $0.contentId), leaf("ContentType", $0.contentType), leaf("AttachmentName", $0.name)])
        }
        return XMLElementNode(
            "edXMLEnvelope",
            children: [
                XMLElementNode(
                    "edXMLHeader",
                    children: [XMLElementNode("MessageHeader", children: message), XMLElementNode("TraceHeaderList", children: traces)]),
                XMLElementNode("edXMLBody", children: [XMLElementNode("edXMLManifest", children: manifest)]),
            ])
    }

    static func attachments(_ p: DocumentPackage) -> XMLElementNode? {
        guard !p.attachments.isEmpty else { return nil }
        return XMLElementNode(
            "AttachmentEncoded",
            children: p.attachments.map {
                XMLElementNode(
                    "Attachment",
                    children: [leaf("ContentId", $0.contentId), leaf("ContentTransferEncoded", Data($0.bytes).base64EncodedString())])
            })
    }

    static func attachments(of root: XMLElementNode, maxAttachmentBytes: Int) throws -> [PackageAttachment] {
        guard let manifest = root.child("edXMLEnvelope")?.child("edXMLBody")?.child("edXMLManifest") else { throw malformed }
        let encoded = root.child("AttachmentEncoded")?.all("Attachment") ?? []
        let references = manifest.all("Reference")
        guard references.count == encoded.count, references.count <= maxAttachments else { throw malformed }
        return try references.map { reference in
            guard let id = reference.value("ContentId"), let type = reference.value("ContentType"),
                let name = reference.value("AttachmentName"), let file = encoded.first(where: { $0.value("ContentId") == id })
            else { throw malformed }
            let text = file.value("ContentTransferEncoded") ?? ""
            // Base64 takes 4 characters for 3 bytes: a file over the limit is refused before it is decoded.
            guard text.utf8.count / 4 * 3 <= maxAttachmentBytes + 3 else {
                throw DomainError(.payloadTooLarge, "exchange.attachmentTooLarge", ["limit": String(max(1, maxAttachmentBytes >> 10))])
            }
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !data.isEmpty else { throw malformed }
            guard data.count <= maxAttachmentBytes else {
                throw DomainError(.payloadTooLarge, "exchange.attachmentTooLarge", ["limit": String(max(1, maxAttachmentBytes >> 10))])
            }
            return PackageAttachment(contentId: id, contentType: type, name: name, bytes: Array(data))
        }
    }

    // MARK: status packages

    /// The canonical form of a status package: what is signed.
    public static func canonical(_ status: StatusPackage) -> [UInt8] {
        Array(root(envelope: envelope(status), extra: nil, signature: nil).utf8)
    }

    /// The status package as sent, signed.
    public static func encode(_ status: StatusPackage, seal: PackageSeal) -> [UInt8] {
        Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + root(envelope: envelope(status), extra: nil, signature: seal)).utf8)
    }

    /// Reads a status package; throws `exchange.malformed` (400) when it is not one.
    public static func decodeStatus(_ bytes: [UInt8]) throws -> ReceivedPackage<StatusPackage> {
        guard let root = XMLElementNode.parse(bytes), root.name == "edXML",
            let status = root.child("edXMLEnvelope")?.child("edXMLHeader")?.child("Status"),
            let signature = root.value("Signature", "SignatureValue"), let packageId = status.value("ResponseFor", "DocumentId"),
            let senderId = status.value("ResponseFor", "OrganId"), let from = organisation(status.child("From")),
            let code = status.value("StatusCode").flatMap(ExchangeStatusCode.init(rawValue:)),
            let at = status.value("Timestamp").flatMap(timestamp)
        else { throw malformed }
        return ReceivedPackage(
            content: StatusPackage(
                packageId: packageId, senderId: senderId, from: from, code: code, description: status.value("Description") ?? "",
                staff: status.value("StaffInfo", "Staff") ?? "", at: at),
            signature: signature)
    }

    static func envelope(_ s: StatusPackage) -> XMLElementNode {
        let status = XMLElementNode(
            "Status",
            children: [
                XMLElementNode("ResponseFor", children: [leaf("OrganId", s.senderId), leaf("DocumentId", s.packageId)]),
                XMLElementNode("From", children: organisation(s.from)),
                XMLElementNode("StaffInfo", children: [leaf("Staff", s.staff)]),
                leaf("StatusCode", s.code.rawValue), leaf("Description", s.description), leaf("Timestamp", stamp(s.at)),
            ])
        return XMLElementNode("edXMLEnvelope", children: [XMLElementNode("edXMLHeader", children: [status])])
    }

    // MARK: shared

    static let maxAttachments = 50
    static let malformed = DomainError(.invalid, "exchange.malformed")

    static func root(envelope: XMLElementNode, extra: XMLElementNode?, signature: PackageSeal?) -> String {
        var out = "<edXML:edXML xmlns:edXML=\"\(namespace)\">" + envelope.written(prefix: "edXML")
        if let extra { out += extra.written() }
        if let signature {
            let body = signature.certificatePEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            out += XMLElementNode(
                "Signature", attributes: ["xmlns": signatureNamespace],
                children: [
                    XMLElementNode(
                        "SignedInfo",
                        children: [
                            XMLElementNode(
                                "SignatureMethod", attributes: ["Algorithm": "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"])
                        ]),
                    leaf("SignatureValue", signature.signature),
                    XMLElementNode("KeyInfo", children: [XMLElementNode("X509Data", children: [leaf("X509Certificate", body)])]),
                ]
            ).written()
        }
        return out + "</edXML:edXML>"
    }

    static func organisation(_ o: ExchangeOrganisation) -> [XMLElementNode] { [leaf("OrganId", o.id), leaf("OrganName", o.name)] }

    static func organisation(_ node: XMLElementNode?) -> ExchangeOrganisation? {
        guard let node, let id = node.value("OrganId") else { return nil }
        return ExchangeOrganisation(id: id, name: node.value("OrganName") ?? "")
    }

    static func leaf(_ name: String, _ text: String) -> XMLElementNode { XMLElementNode(name, text: text) }

    static func stamp(_ at: Date) -> String { at.formatted(timestampStyle) }

    static func timestamp(_ text: String) -> Date? { try? timestampStyle.parse(text) }
}
